import { datasetCards, type DatasetName } from '../data/catalog';
import { py } from './python-source';

/**
 * Python that makes one of the playground's datasets as numpy arrays `x` [rows, features]
 * (float32; images flattened) and `y` [rows] (class indices or targets): the real ones whole from
 * scikit-learn or Keras, the synthetic ones by the formulas of src/engine/data/synthetic.ts with
 * `samples` rows and Gaussian noise of standard deviation `noise`, seeded by `seed`.
 */
export function pythonDataset(
  name: DatasetName,
  samples: number,
  noise: number,
  seed: number,
): string[] {
  const rng = `rng = np.random.default_rng(${seed})`;
  const jitter = noise > 0 ? [`x += rng.normal(0, ${noise}, x.shape)`] : [];
  const uniform = (lo: number, hi: number) => `rng.uniform(${lo}, ${hi}, (${samples}, 2))`;
  const body: Record<DatasetName, string[]> = {
    circles: [
      `x, y = sklearn.datasets.make_circles(${samples}, shuffle=False, noise=${noise}, factor=0.5, random_state=${seed})`,
    ],
    moons: [
      `x, y = sklearn.datasets.make_moons(${samples}, shuffle=False, noise=${noise}, random_state=${seed})`,
    ],
    spirals: [
      rng,
      "# Two interleaved spirals (TensorFlow Playground's): radius 5 i / n, angle 1.75 * 2 pi i / n.",
      `n = [${Math.floor(samples / 2)}, ${samples - Math.floor(samples / 2)}]`,
      'arms = [(np.arange(k) / k, d) for k, d in zip(n, (0, np.pi))]',
      'x = np.concatenate([np.stack([5 * f * np.sin(3.5 * np.pi * f + d), 5 * f * np.cos(3.5 * np.pi * f + d)], 1) for f, d in arms])',
      'y = np.repeat([0, 1], n)',
      ...jitter,
    ],
    xor: [
      rng,
      `x = ${uniform(-4.7, 4.7)}`,
      'x += np.where(x >= 0, 0.3, -0.3)  # kept 0.3 away from the axes',
      'y = (x[:, 0] * x[:, 1] >= 0).astype(int)',
      ...jitter,
    ],
    blobs: [
      rng,
      '# Three Gaussian blobs at radius 2, angles 90, 210 and 330 degrees.',
      `y = np.arange(${samples}) % 3`,
      'angle = np.pi / 2 + 2 * np.pi * y / 3',
      `x = 2 * np.stack([np.cos(angle), np.sin(angle)], 1) + rng.normal(0, ${0.4 + noise}, (${samples}, 2))`,
    ],
    plane: [
      rng,
      `x = ${uniform(-6, 6)}`,
      `y = (x[:, 0] + x[:, 1]) / 12 + rng.normal(0, ${noise}, ${samples})`,
    ],
    bumps: [
      rng,
      `x = ${uniform(-6, 6)}`,
      'bump = lambda cx, cy: np.exp(-((x[:, 0] - cx) ** 2 + (x[:, 1] - cy) ** 2) / 4)',
      `y = bump(-2, 2) - bump(2, -2) + rng.normal(0, ${noise}, ${samples})`,
    ],
    friedman1: [
      `x, y = sklearn.datasets.make_friedman1(${samples}, n_features=10, noise=${noise}, random_state=${seed})`,
    ],
    iris: ['x, y = sklearn.datasets.load_iris(return_X_y=True)'],
    wine: ['x, y = sklearn.datasets.load_wine(return_X_y=True)'],
    'breast-cancer': ['x, y = sklearn.datasets.load_breast_cancer(return_X_y=True)'],
    digits: ['x, y = sklearn.datasets.load_digits(return_X_y=True)', 'x = x / 16.0'],
    mnist: ['(x, y), _ = keras.datasets.mnist.load_data()', 'x = x.reshape(-1, 784) / 255.0'],
  };
  return [`# ${datasetCards[name].title}`, ...body[name], "x = x.astype('float32')"];
}

/**
 * Python that splits `x`, `y` into train / validation / test (stratified for classification, as
 * the playground's split) with shares `validation` and `test`, seeded by `seed`.
 */
export function pythonSplit(
  validation: number,
  test: number,
  stratify: boolean,
  seed: number,
): string[] {
  const by = (v: string) => (stratify ? `stratify=${v}, ` : '');
  return [
    'x_train, x_rest, y_train, y_rest = sklearn.model_selection.train_test_split(',
    `    x, y, test_size=${py(Number((validation + test).toFixed(6)))}, ${by('y')}random_state=${seed})`,
    'x_val, x_test, y_val, y_test = sklearn.model_selection.train_test_split(',
    `    x_rest, y_rest, test_size=${py(Number((test / (validation + test)).toFixed(6)))}, ${by('y_rest')}random_state=${seed})`,
  ];
}
