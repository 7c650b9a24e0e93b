import type { ModelSpec } from '../models/build';
import type { Activation, Initializer, OptimizerName } from '../models/options';

/**
 * Pieces of the Python scripts that reproduce a lab's run with TensorFlow / Keras at full scale:
 * literals, the Keras twin of buildModel, optimizers and the data loaders. Each returns source
 * lines (no trailing newline); the lab scripts (python-scripts.ts) put them together.
 */

/** A Python literal for a JSON-like value: True / False / None, repr-style strings, lists. */
export function py(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`no Python literal for ${value}`);
    return String(value);
  }
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(py).join(', ')}]`;
  throw new Error(`no Python literal for ${typeof value}`);
}

/** A Python tuple literal of numbers: (1, 4). */
export const pyTuple = (values: readonly number[]) =>
  values.length === 1 ? `(${values[0]},)` : `(${values.join(', ')})`;

/** Keras's names for our initializers. */
const kerasInitializer: Record<Initializer, string> = {
  glorotUniform: 'glorot_uniform',
  heNormal: 'he_normal',
  lecunNormal: 'lecun_normal',
};

/** Our activations are Keras's names already ('linear' included). */
const kerasActivation = (activation: Activation) => activation;

/**
 * `def build_model():` returning the keras.Sequential twin of buildModel(spec): the same layers,
 * widths, activations, initializer, dropout and a linear output layer (logits), with an L2
 * penalty l2 * sum w^2 on every kernel when `l2` > 0 (as fit's).
 */
export function kerasModel(spec: ModelSpec, name = 'build_model', l2 = 0): string[] {
  const activation = py(kerasActivation(spec.activation));
  const init =
    py(kerasInitializer[spec.initializer ?? 'glorotUniform']) +
    (l2 > 0 ? `, kernel_regularizer=keras.regularizers.l2(${l2})` : '');
  const input =
    spec.kind === 'mlp' ? pyTuple([spec.inputs]) : pyTuple(spec.shape as readonly number[]);
  const source = [
    `def ${name}():`,
    '    return keras.Sequential([',
    `        keras.Input(shape=${input}),`,
  ];
  if (spec.kind === 'cnn') {
    for (const filters of [spec.filters, 2 * spec.filters]) {
      source.push(
        `        layers.Conv2D(${filters}, 3, padding='same', activation=${activation}, kernel_initializer=${init}),`,
        '        layers.MaxPooling2D(2),',
      );
    }
    source.push('        layers.Flatten(),');
  }
  for (const units of spec.hidden) {
    source.push(
      `        layers.Dense(${units}, activation=${activation}, kernel_initializer=${init}),`,
    );
    if (spec.dropout > 0) source.push(`        layers.Dropout(${spec.dropout}),`);
  }
  source.push(
    `        layers.Dense(${spec.outputs}, kernel_initializer=${init}),  # logits`,
    '    ])',
  );
  return source;
}

/** The Keras optimizer our optimizer name and learning rate stand for (momentum: SGD with 0.9). */
export function kerasOptimizer(name: OptimizerName, learningRate: number): string {
  switch (name) {
    case 'sgd':
      return `keras.optimizers.SGD(learning_rate=${learningRate})`;
    case 'momentum':
      return `keras.optimizers.SGD(learning_rate=${learningRate}, momentum=0.9)`;
    case 'adam':
      return `keras.optimizers.Adam(learning_rate=${learningRate})`;
    case 'rmsprop':
      return `keras.optimizers.RMSprop(learning_rate=${learningRate})`;
  }
}

/**
 * The script's first lines: what it reproduces, what it needs, the imports and, for a TensorFlow
 * script, Keras's global seed (a scikit-learn one passes random_state to each estimator instead).
 */
export function preamble(
  title: string,
  requirements: string,
  imports: string[],
  seed: number,
  tensorflow = true,
) {
  return [
    `# ${title}`,
    '# Exported from the ML in production playground: the same model and settings, at full scale.',
    `# Requires: ${requirements}`,
    'import numpy as np',
    ...(tensorflow
      ? [
          'import tensorflow as tf',
          'from tensorflow import keras',
          'from tensorflow.keras import layers',
        ]
      : []),
    ...imports,
    ...(tensorflow ? ['', `keras.utils.set_random_seed(${seed})`] : []),
  ];
}

/**
 * All of MNIST (60,000 training and 10,000 test digits), scaled to [0, 1]: flat [n, 784] rows for
 * an MLP, [n, 28, 28, 1] images for a CNN. The playground trains on a subset of the test digits.
 */
export function mnistData(images: boolean): string[] {
  const shape = images ? '(-1, 28, 28, 1)' : '(-1, 784)';
  return [
    '(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()',
    `x_train = x_train.reshape(${shape}).astype('float32') / 255.0`,
    `x_test = x_test.reshape(${shape}).astype('float32') / 255.0`,
  ];
}

/** Sparse categorical cross-entropy on logits, with accuracy: how every classifier compiles. */
export const logitsLoss = 'keras.losses.SparseCategoricalCrossentropy(from_logits=True)';

/** The script's source from its lines: joined, with exactly one newline at the end. */
export const lines = (source: string[]) => `${source.join('\n').replace(/\n+$/, '')}\n`;

/** The scikit-learn modules the data-making lines of /train and /tuning use. */
export const SKLEARN_IMPORT =
  'import sklearn.datasets, sklearn.model_selection, sklearn.preprocessing';
