import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distillationSchema } from '../../src/engine/distillation/settings';
import { distributedSchema } from '../../src/engine/distributed/settings';
import {
  distillationScript,
  distributedScript,
  pruningScript,
  quantizationScript,
  nasScript,
  pipelineScript,
  reductionScript,
  trainScript,
  tuningScript,
} from '../../src/engine/export/python-scripts';
import { py } from '../../src/engine/export/python-source';
import { dimensionalityScript } from '../../src/engine/export/python-dimensionality';
import { dimensionalitySchema } from '../../src/engine/dimensionality/settings';
import { automlScript } from '../../src/engine/export/python-automl';
import { automlSchema } from '../../src/engine/automl/settings';
import { nasSchema } from '../../src/engine/nas/settings';
import { pipelineSchema } from '../../src/engine/pipeline/settings';
import { pruningSchema } from '../../src/engine/pruning/settings';
import { quantizationSchema } from '../../src/engine/quantization/settings';
import { defaults } from '../../src/engine/settings/schema';
import { datasetNames } from '../../src/engine/data/catalog';
import { reductionMethods, reductionSchema } from '../../src/engine/reduction/settings';
import { trainSchema } from '../../src/engine/train/settings';
import { tuningSchema } from '../../src/engine/tuning/settings';

/** Debian's interpreter where present (PLATFORM.md), else the one on PATH. */
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** Compiles the source with Python's own compiler; throws with Python's message if it is invalid. */
function pyCompile(source: string): void {
  const file = join(mkdtempSync(join(tmpdir(), 'py-export-')), 'script.py');
  writeFileSync(file, source);
  execFileSync(python, ['-m', 'py_compile', file], { stdio: 'pipe' });
}

const pruning = (over: object = {}) => pruningScript({ ...defaults(pruningSchema), ...over });
const quantization = (over: object = {}) =>
  quantizationScript({ ...defaults(quantizationSchema), ...over });
const distillation = (over: object = {}) =>
  distillationScript({ ...defaults(distillationSchema), ...over });
const tuning = (over: object = {}) => tuningScript({ ...defaults(tuningSchema), ...over });
const train = (over: object = {}) => trainScript({ ...defaults(trainSchema), ...over });
const distributed = (over: object = {}) =>
  distributedScript({ ...defaults(distributedSchema), ...over });
const pipeline = (over: object = {}) => pipelineScript({ ...defaults(pipelineSchema), ...over });
const nas = (over: object = {}) => nasScript({ ...defaults(nasSchema), ...over });
const reduction = (over: object = {}) => reductionScript({ ...defaults(reductionSchema), ...over });
const dimensionality = (over: object = {}) =>
  dimensionalityScript({ ...defaults(dimensionalitySchema), ...over });
const automl = (over: object = {}) => automlScript({ ...defaults(automlSchema), ...over });
/** An /automl variant on a CSV: random search with a time limit, feature selection, mean filling. */
const automlCsv = {
  dataset: 'csv',
  strategy: 'random',
  trials: 8,
  timeLimit: 600,
  selectFeatures: 4,
  impute: 'mean',
  maxCategories: 3,
  seed: 7,
};
/** A /dimensionality variant on real data: digits plus noise features, no redundant features. */
const dimensionalityDigits = {
  distribution: 'digits',
  points: 200,
  maxDimension: 500,
  trainPerClass: 10,
  neighbours: 3,
  redundant: 0,
};

describe('Python export', () => {
  it('writes Python literals', () => {
    expect([py(true), py(null), py(0.001), py("it's"), py([1, 'a'])]).toEqual([
      'True',
      'None',
      '0.001',
      "'it\\'s'",
      "[1, 'a']",
    ]);
    expect(() => py(NaN)).toThrow('no Python literal');
  });

  it('refuses a script that is not Python (the compile check can fail)', () => {
    expect(() => pyCompile('def broken(:\n')).toThrow();
  });

  // Golden files: each lab's default script, read through by hand once when committed.
  for (const [lab, script] of [
    ['pruning', pruning],
    ['quantization', quantization],
    ['distillation', distillation],
    ['tuning', tuning],
    ['train', train],
    ['reduction', reduction],
    ['nas', nas],
    ['distributed', distributed],
    ['pipeline', pipeline],
    ['dimensionality', dimensionality],
    ['dimensionality-digits', () => dimensionality(dimensionalityDigits)],
    ['automl', automl],
    ['automl-csv', () => automl(automlCsv)],
  ] as const) {
    it(`${lab}: the default script equals its golden file and compiles`, () => {
      const source = script();
      expect(source).toBe(readFileSync(`tests/fixtures/python/${lab}.py`, 'utf8'));
      pyCompile(source);
    });
  }

  it('pruning: the schedule, structure and timing chosen appear as tfmot calls', () => {
    expect(pruning()).toContain(
      'tfmot.sparsity.keras.PolynomialDecay(initial_sparsity=0, final_sparsity=0.8, begin_step=0, end_step=150, power=3, frequency=10)',
    );
    const constant = pruning({ schedule: 'constant', targetSparsity: 0.5, structure: '2:4' });
    expect(constant).toContain(
      'tfmot.sparsity.keras.ConstantSparsity(0.5, begin_step=0, end_step=150, frequency=10)',
    );
    expect(constant).toContain('sparsity_m_by_n=(2, 4)');
    expect(pruning({ structure: 'block' })).toContain('block_size=(1, 4)');
    expect(pruning({ mode: 'gradual' })).toContain('to_prune = build_model()');
    const later = pruning({ layers: 'skip-first' });
    expect(later).toContain('keras.models.clone_model(to_prune, clone_function=prune_later)');
    pyCompile(later);
    expect(pruning({ model: 'cnn' })).toContain("layers.Conv2D(8, 3, padding='same'");
    for (const over of [{ schedule: 'constant' }, { structure: 'block' }, { model: 'cnn' }])
      pyCompile(pruning(over));
  });

  it('quantization: the converter modes, and QAT at each bit width up to 8 with the n-bit scheme below 8', () => {
    const source = quantization({ bits: [8, 4], qatEpochs: 1 });
    expect(source).toContain('converter.target_spec.supported_types = [tf.float16]');
    expect(source).toContain('converter.representative_dataset = representative_dataset');
    expect(source).toContain('tfmot.quantization.keras.quantize_model(model)');
    expect(source).toContain(
      'DefaultNBitQuantizeScheme(num_bits_weight=bits, num_bits_activation=bits)',
    );
    expect(source).toContain('for bits in [8, 4]:');
    expect(quantization({ qatEpochs: 0 })).not.toContain('quantize_model');
    pyCompile(source);
    const eightOnly = quantization({ model: 'cnn', bits: [16, 8] });
    expect(eightOnly).toContain('for bits in [8]:');
    expect(eightOnly).not.toContain('default_n_bit');
    pyCompile(eightOnly);
  });

  it('distillation: the loss weights and temperature, and the transfer set', () => {
    const source = distillation({ alpha: 0.5, temperature: 8, transferSet: 'without-digit' });
    expect(source).toContain('alpha=0.5, temperature=8)');
    expect(source).toContain('keep = y_train != 3');
    expect(source).toContain(
      'loss = (1 - self.alpha) * self.hard_loss(y, student_logits) + self.alpha * t * t * soft',
    );
    pyCompile(source);
    pyCompile(distillation({ teacherModel: 'cnn', augment: false, transferSet: 'subset' }));
  });

  it('tuning: one KerasTuner tuner per chosen strategy, on the lab space', () => {
    const source = tuning({ strategies: ['grid', 'random', 'bayesian', 'hyperband'] });
    for (const tuner of ['GridSearch', 'RandomSearch', 'BayesianOptimization', 'Hyperband'])
      expect(source).toContain(`kt.${tuner}(TuningModel()`);
    expect(source).toContain("hp.Float('learning_rate', 0.0001, 0.1, sampling='log')");
    expect(tuning({ objective: 'loss' })).toContain("kt.Objective('val_loss', 'min')");
    pyCompile(source);
    for (const dataset of ['mnist', 'wine', 'moons', 'spirals']) pyCompile(tuning({ dataset }));
  });

  it('train: every dataset, the optimizer, L2, early stopping and a CNN on images', () => {
    for (const dataset of datasetNames) pyCompile(train({ dataset }));
    const cnn = train({
      dataset: 'digits',
      model: 'cnn',
      l2: 0.001,
      patience: 3,
      optimizer: 'momentum',
    });
    expect(cnn).toContain('keras.Input(shape=(8, 8, 1))');
    expect(cnn).toContain('kernel_regularizer=keras.regularizers.l2(0.001)');
    expect(cnn).toContain('keras.callbacks.EarlyStopping(patience=3, restore_best_weights=True)');
    expect(cnn).toContain('keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)');
    pyCompile(cnn);
    const regression = train({ dataset: 'friedman1' });
    expect(regression).toContain("loss='mse'");
    expect(regression).toContain('layers.Dense(1, ');
    expect(regression).not.toContain('stratify');
  });

  it('reduction: the scikit-learn estimator of each method, on each kind of data', () => {
    const estimators = {
      pca: "sklearn.decomposition.PCA(n_components=10, whiten=False, svd_solver='auto'",
      'truncated-svd': "sklearn.decomposition.TruncatedSVD(n_components=10, algorithm='randomized'",
      ica: "sklearn.decomposition.FastICA(n_components=10, algorithm='parallel', fun='logcosh'",
      nmf: "sklearn.decomposition.NMF(n_components=10, solver='cd'",
      lda: 'sklearn.discriminant_analysis.LinearDiscriminantAnalysis(n_components=min(10,',
      pls: 'sklearn.cross_decomposition.PLSRegression(n_components=10)',
    };
    for (const method of reductionMethods) {
      const source = reduction({ method });
      expect(source).toContain(estimators[method]);
      pyCompile(source);
    }
    for (const dataset of ['mnist', 'licenses', 'cocktail-party', 'csv'])
      pyCompile(reduction({ dataset, method: 'ica', components: 3 }));
    expect(reduction({ dataset: 'mnist' })).toContain('from tensorflow import keras');
  });

  it('nas: the micro or macro space as a HyperModel, searched by the tuners KerasTuner has', () => {
    const micro = nas({ strategies: ['grid', 'random', 'bayesian', 'evolution'] });
    for (const tuner of ['GridSearch', 'RandomSearch', 'BayesianOptimization'])
      expect(micro).toContain(`kt.${tuner}(SearchSpace()`);
    expect(micro).toContain("EDGES = ['n0-n1', 'n0-n2', 'n1-n2', 'n0-n3', 'n1-n3', 'n2-n3']");
    expect(micro).toContain('# KerasTuner has no tuner for: evolution (the lab runs them).');
    pyCompile(micro);
    const macro = nas({ space: 'macro', strategies: ['reinforce'], dataset: 'mnist' });
    expect(macro).toContain("hp.Int('layers', 1, 3)");
    expect(macro).toContain('random search, their baseline, runs here.');
    expect(macro).toContain('kt.RandomSearch(SearchSpace()');
    pyCompile(macro);
    pyCompile(nas({ space: 'macro', skips: false }));
  });

  it('distributed: the tf.distribute strategy of each lab strategy', () => {
    const compare = distributed();
    expect(compare).toContain('tf.distribute.OneDeviceStrategy(');
    expect(compare).toContain('tf.distribute.MirroredStrategy()');
    expect(compare).toContain('tf.distribute.ParameterServerStrategy(resolver)');
    expect(compare).toContain('model.fit(data, epochs=1, steps_per_epoch=60)');
    const pipeline = distributed({ strategy: 'model-parallel' });
    expect(pipeline).toContain('tf.distribute has no pipeline (GPipe) strategy');
    expect(pipeline).not.toContain('MirroredStrategy()');
    pyCompile(pipeline);
  });

  it('pipeline: one tf.data pipeline per chosen variant', () => {
    const source = pipeline();
    expect(source).toContain("run('naive', raw.map(decode).map(augment).batch(BATCH))");
    expect(source).toContain(
      "run('parallel-prefetch', raw.map(decode).map(augment, num_parallel_calls=DEGREE).batch(BATCH).prefetch(PREFETCH))",
    );
    expect(source).toContain('raw.map(decode).cache().map(augment');
    const afterAugment = pipeline({ cacheAfter: 'augment', variants: ['cached'] });
    expect(afterAugment).toContain('.map(augment, num_parallel_calls=DEGREE).cache()');
    expect(afterAugment).not.toContain("run('naive'");
    pyCompile(afterAugment);
  });

  it('dimensionality: the lab grids, sample sizes, distribution and classifiers', () => {
    const source = dimensionality();
    expect(source).toContain(
      'DIMENSIONS = [1, 2, 3, 4, 6, 8, 11, 15, 20, 27, 37, 50, 67, 90, 122, 165, 223, 301, 406, 548, 741, 1000]',
    );
    expect(source).toContain('concentration_rows.append(concentration(sample_points(400, d)))');
    expect(source).toContain('rng.uniform(0, 1, (n, d))');
    expect(source).toContain('theory = lambda d: np.sqrt(1.4 / d)');
    expect(source).toContain('TRAIN, TEST, REPEATS, K = 20, 500, 8, 5');
    expect(source).toContain('redundant = np.arange(informative, 100)');
    expect(source).toContain('sklearn.neighbors.KNeighborsClassifier(K)');
    const gaussian = dimensionality({ distribution: 'gaussian', maxFeatures: 40, informative: 60 });
    expect(gaussian).toContain('theory = lambda d: np.sqrt(2 / d)');
    expect(gaussian).toContain('informative = 40');
    expect(gaussian).toContain('redundant = np.arange(informative, 40)');
    pyCompile(gaussian);
    const digits = dimensionality(dimensionalityDigits);
    expect(digits).toContain('sklearn.datasets.load_digits(return_X_y=True)');
    expect(digits).toContain('theory = None');
    expect(digits).toContain('TRAIN, TEST, REPEATS, K = 10, 500, 8, 3');
    // k-NN cannot ask for more neighbours than the training rows.
    expect(dimensionality({ trainPerClass: 2, neighbours: 9 })).toContain('K = 2, 500, 8, 4');
    const mnist = dimensionality({ distribution: 'mnist' });
    expect(mnist).toContain('from tensorflow import keras');
    pyCompile(mnist);
  });

  it('automl: the table, checks, feature steps, search, baseline and saved outputs the settings choose', () => {
    const source = automl();
    expect(source).toContain('bunch = sklearn.datasets.load_wine()');
    expect(source).toContain('target = names[-1]  # the last column');
    expect(source).toContain('SEED, TRIALS, EPOCHS = 1, 12, 30');
    expect(source).toContain(
      "sklearn.impute.SimpleImputer(strategy='median'), sklearn.preprocessing.StandardScaler()",
    );
    expect(source).toContain(
      "OneHotEncoder(max_categories=21, handle_unknown='infrequent_if_exist')",
    );
    expect(source).toContain("kind in ('constant', 'all-missing', 'leakage')");
    // The lab's model space, searched by a Gaussian process after 5 random trials.
    expect(source).toContain("trial.suggest_int('units', 8, 128, log=True)");
    expect(source).toContain("trial.suggest_float('learning_rate', 0.001, 0.1, log=True)");
    expect(source).toContain("trial.suggest_float('l2', 0, 0.01)");
    expect(source).toContain('optuna.samplers.GPSampler(n_startup_trials=5, seed=SEED)');
    expect(source).toContain('study.optimize(objective, n_trials=TRIALS)');
    expect(source).toContain("sklearn.dummy.DummyClassifier(strategy='most_frequent')");
    expect(source).toContain("sklearn.dummy.DummyRegressor(strategy='mean')");
    expect(source).toContain("joblib.dump(model, 'automl-pipeline.joblib')");
    expect(source).not.toContain('SelectKBest');

    const csv = automl(automlCsv);
    expect(csv).toContain("sys.exit('usage: python automl.py your-table.csv')");
    expect(csv).not.toContain('builtin_table');
    expect(csv).toContain(
      'sklearn.model_selection.ParameterSampler(space, n_iter=TRIALS, random_state=SEED)',
    );
    expect(csv).toContain("'units': scipy.stats.loguniform(7.5, 128.5)");
    expect(csv).toContain('if time.perf_counter() - started >= TIME_LIMIT:');
    expect(csv).toContain('SelectKBest(univariate, k=min(4, width))');
    expect(csv).toContain("SimpleImputer(strategy='mean')");
    expect(csv).toContain('OneHotEncoder(max_categories=4,');
    expect(csv).not.toContain('optuna');

    const other = automl({
      dataset: 'breast-cancer',
      targetIndex: 2,
      standardize: false,
      dropFlagged: false,
      timeLimit: 30,
      trials: 3,
    });
    expect(other).toContain('sklearn.datasets.load_breast_cancer()');
    expect(other).toContain('target = names[2]\n');
    expect(other).toContain("sklearn.impute.SimpleImputer(strategy='median')), number_columns)");
    expect(other).toContain('dropped = []');
    expect(other).toContain('GPSampler(n_startup_trials=3, seed=SEED)');
    expect(other).toContain('study.optimize(objective, n_trials=TRIALS, timeout=TIME_LIMIT)');
    pyCompile(other);
    pyCompile(automl({ dataset: 'iris', strategy: 'random', selectFeatures: 2 }));
  });
});
