import { datasetCards } from '../data/catalog';
import type { ModelSpec } from '../models/build';
import { fixedData, supervised, type ReductionSettings } from '../reduction/settings';
import type { TrainSettings } from '../train/settings';
import { pythonDataset, pythonSplit } from './python-data';
import {
  kerasModel,
  kerasOptimizer,
  lines,
  logitsLoss,
  preamble,
  py,
  SKLEARN_IMPORT,
} from './python-source';

/**
 * Runnable scripts for /train (Keras) and /reduction (scikit-learn's estimators). The tests
 * compile them and compare the defaults with goldens.
 */

/**
 * /train: the lab's data (the synthetic sets by the same formulas, the real ones whole), split and
 * standardized as the lab does, the same network, optimizer, L2, epochs and early stopping.
 */
export function trainScript(s: TrainSettings): string {
  const card = datasetCards[s.dataset];
  const classification = card.task === 'classification';
  const outputs = classification ? card.classes : 1;
  const common = {
    hidden: s.hiddenLayers,
    activation: s.activation,
    initializer: s.initializer,
    outputs,
    dropout: s.dropout,
    seed: s.seed,
  };
  const spec: ModelSpec =
    s.model === 'cnn' && card.shape
      ? { kind: 'cnn', shape: card.shape, filters: s.filters, ...common }
      : { kind: 'mlp', inputs: card.features, ...common };
  const loss = classification ? logitsLoss : "'mse'";
  const metrics = classification ? "['accuracy']" : '[]';
  return lines([
    ...preamble(
      `Train a network (the /train lab) on ${card.title}`,
      'tensorflow 2.x, scikit-learn',
      [SKLEARN_IMPORT],
      s.seed,
    ),
    '',
    ...pythonDataset(s.dataset, s.samples, s.noise, s.seed),
    ...pythonSplit(s.validationFraction, s.testFraction, classification, s.seed),
    ...(s.standardize && !card.shape
      ? [
          'scaler = sklearn.preprocessing.StandardScaler().fit(x_train)',
          'x_train, x_val, x_test = (scaler.transform(v) for v in (x_train, x_val, x_test))',
        ]
      : []),
    ...(spec.kind === 'cnn'
      ? [
          `shape = (-1, ${spec.shape.join(', ')})`,
          'x_train, x_val, x_test = (v.reshape(shape) for v in (x_train, x_val, x_test))',
        ]
      : []),
    '',
    ...kerasModel(spec, 'build_model', s.l2),
    '',
    'model = build_model()',
    `model.compile(optimizer=${kerasOptimizer(s.optimizer, s.learningRate)}, loss=${loss}, metrics=${metrics})`,
    ...(s.patience > 0
      ? [
          `callbacks = [keras.callbacks.EarlyStopping(patience=${s.patience}, restore_best_weights=True)]`,
        ]
      : ['callbacks = []']),
    `model.fit(x_train, y_train, batch_size=${s.batchSize}, epochs=${s.epochs}, validation_data=(x_val, y_val), callbacks=callbacks)`,
    "print('test', model.evaluate(x_test, y_test, verbose=0))",
  ]);
}

/** Python that makes the /reduction data as `x` (and `y`, or None): scikit-learn's loaders. */
function reductionData(s: ReductionSettings): string[] {
  switch (s.dataset) {
    case 'licenses':
      return [
        '# The licence texts: give a folder of .txt files (the lab ships its own), as TF-IDF rows.',
        'import pathlib, sys',
        "texts = [p.read_text() for p in sorted(pathlib.Path(sys.argv[1]).glob('*.txt'))]",
        'x, y = sklearn.feature_extraction.text.TfidfVectorizer().fit_transform(texts), None',
      ];
    case 'cocktail-party':
      return [
        '# Three sources, 2 s at 8000 Hz: a 440 Hz sine, a 3 Hz square, a 197 Hz sawtooth; three microphones.',
        `rng = np.random.default_rng(${s.seed})`,
        't = np.arange(16000) / 8000',
        'sources = np.stack([np.sin(2 * np.pi * 440 * t), 0.8 * np.sign(np.sin(2 * np.pi * 3 * t)), 0.6 * (2 * ((197 * t) % 1) - 1)], 1)',
        'sources += rng.normal(0, 0.02, sources.shape)',
        'x, y = sources @ np.array([[1, 1, 1], [0.5, 2, 1], [1.5, 1, 2]]).T, None',
      ];
    case 'csv':
      return [
        '# Your CSV file: its numeric columns; give its path.',
        'import sys, pandas',
        'x, y = pandas.read_csv(sys.argv[1]).select_dtypes("number").to_numpy(), None',
      ];
    default:
      return [
        ...(s.dataset === 'mnist' ? ['from tensorflow import keras  # to download MNIST'] : []),
        ...pythonDataset(s.dataset, s.samples, 0, s.seed),
        `if len(x) > ${s.samples}:`,
        `    keep = np.random.default_rng(${s.seed}).choice(len(x), ${s.samples}, replace=False)`,
        '    x, y = x[keep], y[keep]',
      ];
  }
}

/** The scikit-learn estimator of the /reduction method with the lab's options. */
function reductionEstimator(s: ReductionSettings): string {
  const k = s.components;
  switch (s.method) {
    case 'pca': {
      const solver = { auto: 'auto', covariance: 'full', gram: 'full', randomized: 'randomized' }[
        s.pcaSolver
      ];
      return `sklearn.decomposition.PCA(n_components=${k}, whiten=${py(s.whiten)}, svd_solver=${py(solver)}, random_state=${s.seed})`;
    }
    case 'truncated-svd':
      return `sklearn.decomposition.TruncatedSVD(n_components=${k}, algorithm='randomized', random_state=${s.seed})`;
    case 'ica':
      return `sklearn.decomposition.FastICA(n_components=${k}, algorithm=${py(s.icaAlgorithm)}, fun=${py(s.icaFunction)}, whiten='unit-variance', random_state=${s.seed})`;
    case 'nmf':
      return `sklearn.decomposition.NMF(n_components=${k}, solver=${py(s.nmfSolver)}, max_iter=1000, random_state=${s.seed})`;
    case 'lda':
      return `sklearn.discriminant_analysis.LinearDiscriminantAnalysis(n_components=min(${k}, len(np.unique(y)) - 1))`;
    case 'pls':
      return `sklearn.cross_decomposition.PLSRegression(n_components=${k})`;
  }
}

/**
 * /reduction with scikit-learn's decomposition module (the reference the lab is tested against):
 * the same data, the 80 / 20 split when there are labels, the method fitted on the training rows,
 * what it explains, and a linear classifier on the first k components.
 */
export function reductionScript(s: ReductionSettings): string {
  const labelled = !['licenses', 'cocktail-party', 'csv'].includes(s.dataset);
  const fitArgs =
    s.method === 'pls'
      ? 'x_fit, np.eye(y.max() + 1)[y_fit]'
      : supervised(s.method)
        ? 'x_fit, y_fit'
        : 'x_fit';
  return lines([
    ...preamble(
      `Dimensionality reduction (the /reduction lab): ${s.method} with scikit-learn`,
      'numpy, scikit-learn',
      [
        'import sklearn.cross_decomposition, sklearn.datasets, sklearn.decomposition',
        'import sklearn.discriminant_analysis, sklearn.feature_extraction.text, sklearn.model_selection',
        'import sklearn.preprocessing',
      ],
      s.seed,
      false,
    ),
    '',
    ...reductionData(s),
    ...(s.standardize && !fixedData(s.dataset)
      ? ['x = sklearn.preprocessing.StandardScaler().fit_transform(x)']
      : []),
    ...(labelled
      ? [
          'x_fit, x_test, y_fit, y_test = sklearn.model_selection.train_test_split(',
          `    x, y, test_size=0.2, stratify=y, random_state=${s.seed})`,
        ]
      : ['x_fit, y_fit = x, y']),
    '',
    `method = ${reductionEstimator(s)}`,
    `method.fit(${fitArgs})`,
    'scores = method.transform(x_fit)',
    "print('scores', scores.shape, 'mean', scores.mean(0), 'std', scores.std(0))",
    ...(s.method === 'pca' || s.method === 'truncated-svd'
      ? [
          "print('explained variance ratio', method.explained_variance_ratio_)",
          "print('cumulative', np.cumsum(method.explained_variance_ratio_))",
        ]
      : []),
    ...(s.method === 'nmf' ? ["print('reconstruction error', method.reconstruction_err_)"] : []),
    ...(labelled && s.method !== 'pls'
      ? [
          '',
          '# A linear classifier (LDA) on the first k components, as the lab draws it.',
          'test_scores = method.transform(x_test)',
          'for k in range(1, scores.shape[1] + 1):',
          '    classifier = sklearn.discriminant_analysis.LinearDiscriminantAnalysis().fit(scores[:, :k], y_fit)',
          "    print(k, 'components: test accuracy', classifier.score(test_scores[:, :k], y_test))",
        ]
      : []),
  ]);
}
