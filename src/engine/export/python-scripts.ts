import { studentSpec, teacherSpec, type DistillationSettings } from '../distillation/settings';
import { pruningModelSpec, type PruningSettings } from '../pruning/settings';
import { modelSpec, type QuantizationSettings } from '../quantization/settings';
import { datasetCards } from '../data/catalog';
import { dataParallel, type DistributedSettings, type Strategy } from '../distributed/settings';
import type { ModelSpec } from '../models/build';
import type { NasSettings } from '../nas/settings';
import type { PipelineSettings } from '../pipeline/settings';
import { CELL_EDGES } from '../nas/types';
import { fixedData, supervised, type ReductionSettings } from '../reduction/settings';
import type { TrainSettings } from '../train/settings';
import { buildSpace, type TuningSettings } from '../tuning/settings';
import { pythonDataset, pythonSplit } from './python-data';
import {
  kerasModel,
  kerasOptimizer,
  lines,
  logitsLoss,
  mnistData,
  preamble,
  py,
} from './python-source';

/**
 * Runnable TensorFlow / Keras scripts that redo a lab's experiment at full scale with the
 * libraries its technique comes from: KerasTuner for /tuning, TF Model Optimization for /pruning
 * and quantization-aware training, the TFLite converter for post-training quantization, a Keras
 * Distiller for /distillation. Each follows the libraries' documented APIs; the tests compile
 * every script with Python and compare the defaults with golden files.
 */

const TFMOT =
  'tensorflow 2.x (Keras 2: TF_USE_LEGACY_KERAS=1 with TF >= 2.16), tensorflow-model-optimization';

/** /pruning: the dense baseline, then tfmot's prune_low_magnitude with the lab's schedule. */
export function pruningScript(s: PruningSettings): string {
  const spec = pruningModelSpec(s, s.seed);
  const schedule =
    s.schedule === 'constant'
      ? `tfmot.sparsity.keras.ConstantSparsity(${s.targetSparsity}, begin_step=${s.beginStep}, end_step=${s.endStep}, frequency=${s.frequency})`
      : `tfmot.sparsity.keras.PolynomialDecay(initial_sparsity=${s.initialSparsity}, final_sparsity=${s.targetSparsity}, begin_step=${s.beginStep}, end_step=${s.endStep}, power=${s.power}, frequency=${s.frequency})`;
  const structure =
    s.structure === 'block'
      ? [
          '    block_size=(1, 4),  # blocks of 4 inputs of one unit, scored by mean |w|',
          "    block_pooling_type='AVG',",
        ]
      : s.structure === '2:4'
        ? ['    sparsity_m_by_n=(2, 4),  # two of every four consecutive weights']
        : [];
  const pruneEpochs = s.mode === 'gradual' ? s.epochs : s.fineTuneEpochs;
  return lines([
    ...preamble(
      'Magnitude pruning (the /pruning lab)',
      TFMOT,
      ['import tensorflow_model_optimization as tfmot'],
      s.seed,
    ),
    '',
    ...mnistData(s.model === 'cnn'),
    '',
    ...kerasModel(spec),
    '',
    'def compile_model(model):',
    `    model.compile(optimizer=${kerasOptimizer('adam', s.learningRate)}, loss=${logitsLoss}, metrics=['accuracy'])`,
    '    return model',
    '',
    'dense = compile_model(build_model())',
    `dense.fit(x_train, y_train, batch_size=${s.batchSize}, epochs=${s.epochs}, validation_split=0.1)`,
    "print('dense test accuracy', dense.evaluate(x_test, y_test, verbose=0)[1])",
    '',
    ...(s.mode === 'gradual'
      ? [
          '# Pruned during training from scratch: a fresh model, pruned as it learns.',
          'to_prune = build_model()',
        ]
      : [
          '# Pruned after training: the trained dense model, pruned while it is fine-tuned.',
          'to_prune = dense',
        ]),
    ...(s.scope === 'global'
      ? [
          '# The lab can also use one global magnitude threshold; tfmot prunes each layer to the target.',
        ]
      : []),
    'pruning_params = dict(',
    `    pruning_schedule=${schedule},`,
    ...structure,
    ')',
    ...(s.layers === 'skip-first'
      ? [
          "# All but the first layer, as TF MOT's guide advises: prune the later layers.",
          'first = next(l for l in to_prune.layers if isinstance(l, (layers.Dense, layers.Conv2D)))',
          'def prune_later(layer):',
          '    if layer.name == first.name or not isinstance(layer, (layers.Dense, layers.Conv2D)):',
          '        return layer',
          '    return tfmot.sparsity.keras.prune_low_magnitude(layer, **pruning_params)',
          '# The wrappers hold the original layers, so the trained weights carry over.',
          'pruned = keras.models.clone_model(to_prune, clone_function=prune_later)',
        ]
      : ['pruned = tfmot.sparsity.keras.prune_low_magnitude(to_prune, **pruning_params)']),
    'compile_model(pruned)',
    `pruned.fit(x_train, y_train, batch_size=${s.batchSize}, epochs=${pruneEpochs}, validation_split=0.1,`,
    '           callbacks=[tfmot.sparsity.keras.UpdatePruningStep()])',
    "print('pruned test accuracy', pruned.evaluate(x_test, y_test, verbose=0)[1])",
    '',
    '# Sizes as TF MOT measures them: gzip of the saved weights, dense against pruned.',
    'import gzip, os, tempfile',
    'def gzipped_size(model):',
    "    path = os.path.join(tempfile.mkdtemp(), 'model.h5')",
    '    model.save(path, include_optimizer=False)',
    "    with open(path, 'rb') as f:",
    '        return len(gzip.compress(f.read()))',
    'stripped = tfmot.sparsity.keras.strip_pruning(pruned)',
    "print('gzip bytes: dense', gzipped_size(dense), 'pruned', gzipped_size(stripped))",
  ]);
}

/**
 * /quantization: the float model, then the TFLite converter's float16, dynamic range and full
 * integer (with a calibration set) conversions, and quantization-aware training at each bit width
 * (tfmot's default 8-bit scheme, or its experimental n-bit scheme below 8 bits).
 */
export function quantizationScript(s: QuantizationSettings): string {
  const spec = modelSpec(s.model, s.filters, s.hidden, s.seed);
  const qatBits = s.qatEpochs > 0 ? s.bits.filter((b) => b <= 8) : [];
  const calibrationGenerator =
    s.calibration === 'percentile'
      ? [
          `# The lab can also calibrate ranges at the ${s.percentile}th percentile; the converter uses min / max.`,
        ]
      : [];
  return lines([
    ...preamble(
      'Post-training quantization and quantization-aware training (the /quantization lab)',
      TFMOT,
      [
        'import tensorflow_model_optimization as tfmot',
        ...(qatBits.some((b) => b < 8)
          ? [
              'from tensorflow_model_optimization.python.core.quantization.keras.experimental.default_n_bit import default_n_bit_quantize_scheme',
            ]
          : []),
      ],
      s.seed,
    ),
    '',
    ...mnistData(s.model === 'cnn'),
    '',
    ...kerasModel(spec),
    '',
    'model = build_model()',
    `model.compile(optimizer=${kerasOptimizer('adam', s.learningRate)}, loss=${logitsLoss}, metrics=['accuracy'])`,
    `model.fit(x_train, y_train, batch_size=${s.batchSize}, epochs=${s.epochs}, validation_split=0.1)`,
    '',
    'def tflite_accuracy(tflite_model):',
    '    interpreter = tf.lite.Interpreter(model_content=tflite_model)',
    '    interpreter.allocate_tensors()',
    '    inp, out = interpreter.get_input_details()[0], interpreter.get_output_details()[0]',
    '    correct = 0',
    '    for x, y in zip(x_test, y_test):',
    "        if inp['dtype'] == np.int8:",
    "            scale, zero = inp['quantization']",
    '            x = np.round(x / scale + zero).astype(np.int8)',
    "        interpreter.set_tensor(inp['index'], x[None].astype(inp['dtype']))",
    '        interpreter.invoke()',
    "        correct += int(np.argmax(interpreter.get_tensor(out['index'])[0]) == y)",
    '    return correct / len(y_test)',
    '',
    'def convert(keras_model, mode):',
    '    converter = tf.lite.TFLiteConverter.from_keras_model(keras_model)',
    "    if mode != 'float32':",
    '        converter.optimizations = [tf.lite.Optimize.DEFAULT]',
    "    if mode == 'float16':",
    '        converter.target_spec.supported_types = [tf.float16]',
    "    if mode == 'int8':",
    '        def representative_dataset():',
    `            for x in x_train[:${s.calibrationRows}]:`,
    '                yield [x[None]]',
    '        converter.representative_dataset = representative_dataset',
    '        converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]',
    '        converter.inference_input_type = tf.int8',
    '        converter.inference_output_type = tf.int8',
    '    return converter.convert()',
    '',
    ...calibrationGenerator,
    '# The TFLite converter quantizes to 8 bits only; the lab also runs integer inference at 2-7 bits.',
    "for mode in ['float32', 'float16', 'dynamic', 'int8']:",
    '    tflite_model = convert(model, mode)',
    "    print(mode, len(tflite_model), 'bytes, accuracy', tflite_accuracy(tflite_model))",
    ...(qatBits.length === 0
      ? []
      : [
          '',
          'def quantize_aware(model, bits):',
          '    """The float model with fake-quant nodes: tfmot\'s default 8-bit scheme or its n-bit one."""',
          '    if bits == 8:',
          '        return tfmot.quantization.keras.quantize_model(model)',
          ...(qatBits.some((b) => b < 8)
            ? [
                '    scheme = default_n_bit_quantize_scheme.DefaultNBitQuantizeScheme(num_bits_weight=bits, num_bits_activation=bits)',
                '    annotated = tfmot.quantization.keras.quantize_annotate_model(model)',
                '    return tfmot.quantization.keras.quantize_apply(annotated, scheme=scheme)',
              ]
            : []),
          '',
          '# Quantization-aware training at each bit width, fine-tuned from the float model.',
          `for bits in ${py(qatBits)}:`,
          '    qat = quantize_aware(model, bits)',
          `    qat.compile(optimizer=${kerasOptimizer('adam', s.qatLearningRate)}, loss=${logitsLoss}, metrics=['accuracy'])`,
          `    qat.fit(x_train, y_train, batch_size=${s.batchSize}, epochs=${s.qatEpochs}, validation_split=0.1)`,
          "    print('QAT', bits, 'bits: fake-quant accuracy', qat.evaluate(x_test, y_test, verbose=0)[1])",
          '    if bits == 8:',
          "        print('QAT 8 bits as int8 TFLite, accuracy', tflite_accuracy(convert(qat, 'int8')))",
        ]),
  ]);
}

/**
 * /distillation: the teacher, then the same student trained from scratch and by a Keras
 * Distiller whose loss is (1 - a) CE(labels) + a T^2 KL(teacher_T || student_T), as in the lab.
 */
export function distillationScript(s: DistillationSettings): string {
  const images = s.teacherModel === 'cnn';
  const teacher = kerasModel(teacherSpec(s, s.seed), 'build_teacher');
  const student = kerasModel(studentSpec(s, s.seed), 'build_student');
  const studentInput = images
    ? [
        '# The student is an MLP on the flat pixels; the teacher sees images.',
        'flat = lambda x: tf.reshape(x, (-1, 784))',
      ]
    : ['flat = lambda x: x'];
  const transfer =
    s.transferSet === 'subset'
      ? [
          `n = int(len(x_train) * ${s.transferFraction})`,
          'x_transfer, y_transfer = x_train[:n], y_train[:n]',
        ]
      : s.transferSet === 'without-digit'
        ? [
            `keep = y_train != ${s.missingDigit}`,
            'x_transfer, y_transfer = x_train[keep], y_train[keep]',
          ]
        : ['x_transfer, y_transfer = x_train, y_train'];
  return lines([
    ...preamble(
      'Knowledge distillation (the /distillation lab; Hinton, Vinyals and Dean 2015)',
      'tensorflow 2.x',
      [],
      s.seed,
    ),
    '',
    ...mnistData(images),
    '',
    ...teacher,
    '',
    ...student,
    '',
    ...studentInput,
    '',
    'class Distiller(keras.Model):',
    '    """The student learns from the labels and from the teacher\'s softened outputs."""',
    '',
    '    def __init__(self, student, teacher):',
    '        super().__init__()',
    '        self.student, self.teacher = student, teacher',
    '',
    '    def compile(self, optimizer, metrics, alpha, temperature):',
    '        super().compile(optimizer=optimizer, metrics=metrics)',
    '        self.alpha, self.temperature = alpha, temperature',
    `        self.hard_loss = ${logitsLoss}`,
    '        self.kl = keras.losses.KLDivergence()',
    '',
    '    def train_step(self, data):',
    '        x, y = data',
    '        teacher_logits = self.teacher(x, training=False)',
    '        t = self.temperature',
    '        with tf.GradientTape() as tape:',
    '            student_logits = self.student(flat(x), training=True)',
    '            soft = self.kl(tf.nn.softmax(teacher_logits / t), tf.nn.softmax(student_logits / t))',
    '            loss = (1 - self.alpha) * self.hard_loss(y, student_logits) + self.alpha * t * t * soft',
    '        grads = tape.gradient(loss, self.student.trainable_variables)',
    '        self.optimizer.apply_gradients(zip(grads, self.student.trainable_variables))',
    '        self.compiled_metrics.update_state(y, student_logits)',
    "        return {'loss': loss, **{m.name: m.result() for m in self.metrics}}",
    '',
    '    def test_step(self, data):',
    '        x, y = data',
    '        self.compiled_metrics.update_state(y, self.student(flat(x), training=False))',
    '        return {m.name: m.result() for m in self.metrics}',
    '',
    'teacher = build_teacher()',
    `teacher.compile(optimizer=${kerasOptimizer('adam', s.learningRate)}, loss=${logitsLoss}, metrics=['accuracy'])`,
    ...(s.augment
      ? [
          '# Jitter as in the paper: each image shifted by up to 2 pixels.',
          "jitter = keras.Sequential([layers.Reshape((28, 28, 1)), layers.RandomTranslation(2 / 28, 2 / 28, fill_mode='constant'), layers.Reshape(x_train.shape[1:])])",
          `teacher_data = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(60000).batch(${s.batchSize}).map(lambda x, y: (jitter(x, training=True), y))`,
          `teacher.fit(teacher_data, epochs=${s.teacherEpochs})`,
        ]
      : [`teacher.fit(x_train, y_train, batch_size=${s.batchSize}, epochs=${s.teacherEpochs})`]),
    "print('teacher test accuracy', teacher.evaluate(x_test, y_test, verbose=0)[1])",
    '',
    ...transfer,
    '',
    'scratch = build_student()',
    `scratch.compile(optimizer=${kerasOptimizer('adam', s.learningRate)}, loss=${logitsLoss}, metrics=['accuracy'])`,
    `scratch.fit(flat(x_transfer), y_transfer, batch_size=${s.batchSize}, epochs=${s.studentEpochs})`,
    "print('student from scratch, test accuracy', scratch.evaluate(flat(x_test), y_test, verbose=0)[1])",
    '',
    'distiller = Distiller(build_student(), teacher)',
    `distiller.compile(optimizer=${kerasOptimizer('adam', s.learningRate)}, metrics=[keras.metrics.SparseCategoricalAccuracy()], alpha=${s.alpha}, temperature=${s.temperature})`,
    `distiller.fit(x_transfer, y_transfer, batch_size=${s.batchSize}, epochs=${s.studentEpochs})`,
    "print('distilled student, test accuracy', distiller.evaluate(x_test, y_test, verbose=0))",
  ]);
}

/** Python that makes the /tuning data as the lab does (noise 0.1), split 60 / 20 / 20, scaled. */
function tuningData(s: TuningSettings): string[] {
  return [
    ...pythonDataset(s.dataset, s.samples, 0.1, s.seed),
    ...pythonSplit(0.2, 0.2, true, s.seed),
    'scaler = sklearn.preprocessing.StandardScaler().fit(x_train)',
    'x_train, x_val, x_test = (scaler.transform(v) for v in (x_train, x_val, x_test))',
    'classes = int(y.max()) + 1',
  ];
}

/** One hyperparameter of the /tuning space in KerasTuner's hp API (fixed ones as hp.Fixed). */
function hyperparameter(name: string, s: TuningSettings): string {
  const { space, fixed } = buildSpace(s);
  const pyName: Record<string, string> = {
    learningRate: 'learning_rate',
    batchSize: 'batch_size',
    units: 'units',
    layers: 'layers',
    activation: 'activation',
    initializer: 'initializer',
    dropout: 'dropout',
    l2: 'l2',
  };
  const kerasValue = (v: number | string) =>
    name === 'initializer'
      ? py(
          { glorotUniform: 'glorot_uniform', heNormal: 'he_normal', lecunNormal: 'lecun_normal' }[
            v as string
          ] ?? v,
        )
      : py(v);
  if (name in fixed) return `hp.Fixed(${py(pyName[name])}, ${kerasValue(fixed[name])})`;
  const d = space.find((dim) => dim.name === name)!;
  if (d.kind === 'choice')
    return `hp.Choice(${py(pyName[name])}, [${d.options.map(kerasValue).join(', ')}])`;
  const sampling = d.log ? ", sampling='log'" : '';
  return d.kind === 'int'
    ? `hp.Int(${py(pyName[name])}, ${d.min}, ${d.max}${sampling})`
    : `hp.Float(${py(pyName[name])}, ${d.min}, ${d.max}${sampling})`;
}

/** /tuning: the lab's search space as a KerasTuner HyperModel, searched by each chosen tuner. */
export function tuningScript(s: TuningSettings): string {
  const objective =
    s.objective === 'accuracy'
      ? "kt.Objective('val_accuracy', 'max')"
      : "kt.Objective('val_loss', 'min')";
  const trials =
    s.budgetKind === 'trials' ? s.budget : Math.max(1, Math.round(s.budget / s.maxEpochs));
  const tuners: Record<TuningSettings['strategies'][number], string> = {
    grid: `kt.GridSearch(TuningModel(), objective=${objective}, max_trials=${trials}, seed=${s.seed}, directory='tuning', project_name='grid')`,
    random: `kt.RandomSearch(TuningModel(), objective=${objective}, max_trials=${trials}, seed=${s.seed}, directory='tuning', project_name='random')`,
    bayesian: `kt.BayesianOptimization(TuningModel(), objective=${objective}, max_trials=${trials}, num_initial_points=${s.initialTrials}, seed=${s.seed}, directory='tuning', project_name='bayesian')`,
    hyperband: `kt.Hyperband(TuningModel(), objective=${objective}, max_epochs=${s.maxEpochs}, factor=${s.eta}, seed=${s.seed}, directory='tuning', project_name='hyperband')`,
  };
  return lines([
    ...preamble(
      'Hyperparameter search (the /tuning lab) with KerasTuner',
      'tensorflow 2.x, keras-tuner >= 1.3, scikit-learn',
      ['import keras_tuner as kt', SKLEARN_IMPORT],
      s.seed,
    ),
    '',
    ...tuningData(s),
    '',
    'class TuningModel(kt.HyperModel):',
    '    """The lab\'s space: an Adam-trained MLP whose shape and training settings are searched."""',
    '',
    '    def build(self, hp):',
    `        units = ${hyperparameter('units', s)}`,
    `        activation = ${hyperparameter('activation', s)}`,
    `        initializer = ${hyperparameter('initializer', s)}`,
    `        dropout = ${hyperparameter('dropout', s)}`,
    `        l2 = ${hyperparameter('l2', s)}`,
    '        model = keras.Sequential([keras.Input(shape=(x_train.shape[1],))])',
    `        for _ in range(${hyperparameter('layers', s)}):`,
    '            model.add(layers.Dense(units, activation=activation, kernel_initializer=initializer,',
    '                                   kernel_regularizer=keras.regularizers.l2(l2)))',
    '            if dropout > 0:',
    '                model.add(layers.Dropout(dropout))',
    '        model.add(layers.Dense(classes))',
    `        model.compile(optimizer=keras.optimizers.Adam(${hyperparameter('learningRate', s)}), loss=${logitsLoss}, metrics=['accuracy'])`,
    '        return model',
    '',
    '    def fit(self, hp, model, *args, **kwargs):',
    `        return model.fit(*args, batch_size=${hyperparameter('batchSize', s)}, **kwargs)`,
    '',
    ...s.strategies.flatMap((strategy) => [
      `tuner = ${tuners[strategy]}`,
      ...(s.prune && strategy !== 'hyperband'
        ? [
            `# The lab can also stop unpromising trials early (median rule); here they run to ${s.maxEpochs} epochs.`,
          ]
        : []),
      `tuner.search(x_train, y_train, epochs=${s.maxEpochs}, validation_data=(x_val, y_val))`,
      'best = tuner.get_best_models(1)[0]',
      `print(${py(strategy)}, tuner.get_best_hyperparameters(1)[0].values, 'test', best.evaluate(x_test, y_test, verbose=0))`,
      '',
    ]),
  ]);
}

const SKLEARN_IMPORT = 'import sklearn.datasets, sklearn.model_selection, sklearn.preprocessing';

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

/** The /nas search space as a KerasTuner HyperModel's build (the cell's DAG, or the chain). */
function nasBuild(s: NasSettings): string[] {
  if (s.space === 'micro')
    return [
      `EDGES = ${py(CELL_EDGES.map((edge) => `n${edge[0]}-n${edge[1]}`))}`,
      '',
      'class SearchSpace(kt.HyperModel):',
      `    """The micro space: a cell of 4 nodes whose 6 edges each choose an op, stacked ${s.cells} time(s)."""`,
      '',
      '    def build(self, hp):',
      `        ops = [hp.Choice(edge, ${py(s.ops)}) for edge in EDGES]`,
      '        inputs = keras.Input(shape=(x_train.shape[1],))',
      `        h = layers.Dense(${s.width}, activation='relu')(inputs)  # the stem`,
      `        for _ in range(${s.cells}):`,
      '            nodes = [h, None, None, None]',
      '            for op, edge in zip(ops, EDGES):',
      "                a, b = (int(n) for n in edge.replace('n', '').split('-'))",
      "                if op == 'zero' or nodes[a] is None:",
      '                    continue',
      `                out = nodes[a] if op == 'skip' else layers.Dense(${s.width}, activation='relu')(nodes[a])`,
      '                nodes[b] = out if nodes[b] is None else layers.Add()([nodes[b], out])',
      '            if nodes[3] is None:',
      "                raise kt.errors.FailedTrialError('the cell does not connect its input to its output')",
      '            h = nodes[3]',
      '        model = keras.Model(inputs, layers.Dense(10)(h))',
    ];
  return [
    'class SearchSpace(kt.HyperModel):',
    '    """The macro space: a chain of dense layers, each with its width, activation and skip."""',
    '',
    '    def build(self, hp):',
    '        inputs = keras.Input(shape=(x_train.shape[1],))',
    '        h = inputs',
    `        for i in range(hp.Int('layers', ${s.minLayers}, ${s.maxLayers})):`,
    `            width = hp.Choice(f'width_{i}', ${py(s.widths)})`,
    `            out = layers.Dense(width, activation=hp.Choice(f'activation_{i}', ${py(s.activations)}))(h)`,
    ...(s.skips
      ? [
          "            if hp.Boolean(f'skip_{i}'):",
          '                # The identity when the widths match, else a linear projection.',
          '                same = h.shape[-1] == width',
          '                out = layers.Add()([out, h if same else layers.Dense(width, use_bias=False)(h)])',
        ]
      : []),
    '            h = out',
    '        model = keras.Model(inputs, layers.Dense(10)(h))',
  ];
}

/**
 * /nas: the lab's space as a KerasTuner HyperModel, searched by the tuners KerasTuner has (grid,
 * random, Bayesian) with full training of every candidate; the lab's regularized evolution and
 * REINFORCE have no KerasTuner tuner and are named in a comment.
 */
export function nasScript(s: NasSettings): string {
  const tuners: Partial<Record<NasSettings['strategies'][number], string>> = {
    grid: 'kt.GridSearch',
    random: 'kt.RandomSearch',
    bayesian: 'kt.BayesianOptimization',
  };
  const others = s.strategies.filter((name) => !(name in tuners));
  const searched = s.strategies.filter((name) => name in tuners);
  const runs = searched.length > 0 ? searched : (['random'] as const);
  return lines([
    ...preamble(
      `Neural architecture search (the /nas lab), ${s.space} space, with KerasTuner`,
      'tensorflow 2.x, keras-tuner >= 1.3, scikit-learn',
      ['import keras_tuner as kt', SKLEARN_IMPORT],
      s.seed,
    ),
    '',
    ...pythonDataset(s.dataset, 1797, 0, s.seed),
    ...pythonSplit(0.2, 0.2, true, s.seed),
    '',
    ...nasBuild(s),
    `        model.compile(optimizer=${kerasOptimizer('adam', s.learningRate)}, loss=${logitsLoss}, metrics=['accuracy'])`,
    '        return model',
    '',
    ...(others.length > 0
      ? [
          `# KerasTuner has no tuner for: ${others.join(', ')} (the lab runs them)${searched.length > 0 ? '.' : '; random search, their baseline, runs here.'}`,
        ]
      : []),
    ...runs.flatMap((name) =>
      tuners[name]
        ? [
            `tuner = ${tuners[name]}(SearchSpace(), objective='val_accuracy', max_trials=${s.budget}, seed=${s.seed}, directory='nas', project_name=${py(name)})`,
            `tuner.search(x_train, y_train, batch_size=${s.batchSize}, epochs=${s.epochs}, validation_data=(x_val, y_val))`,
            'best = tuner.get_best_models(1)[0]',
            `print(${py(name)}, tuner.get_best_hyperparameters(1)[0].values, 'parameters', best.count_params(), 'test', best.evaluate(x_test, y_test, verbose=0))`,
            '',
          ]
        : [],
    ),
  ]);
}

/**
 * /distributed with tf.distribute: the lab's MLP (ReLU, He-normal, softmax on 10 classes) trained
 * by plain SGD on the global batch for the lab's steps, under OneDeviceStrategy,
 * MirroredStrategy (one machine's GPUs; MultiWorkerMirroredStrategy across machines) or
 * ParameterServerStrategy (a cluster described by TF_CONFIG). tf.distribute has no pipeline
 * (GPipe) strategy: model parallel runs on one device with a note.
 */
export function distributedScript(s: DistributedSettings): string {
  const chosen: Strategy[] = s.strategy === 'compare' ? [...dataParallel] : [s.strategy];
  const strategyOf: Record<Strategy, string[]> = {
    'one-device': [
      "    return tf.distribute.OneDeviceStrategy('/gpu:0' if tf.config.list_physical_devices('GPU') else '/cpu:0')",
    ],
    mirrored: [
      '    # Every GPU of this machine holds a replica; gradients are all-reduced each step.',
      '    # Across machines: tf.distribute.MultiWorkerMirroredStrategy() with TF_CONFIG set.',
      '    return tf.distribute.MirroredStrategy()',
    ],
    'parameter-server': [
      "    # Needs a cluster: TF_CONFIG naming 'chief', 'worker' and 'ps' tasks, each running tf.distribute.Server.",
      '    resolver = tf.distribute.cluster_resolver.TFConfigClusterResolver()',
      '    return tf.distribute.ParameterServerStrategy(resolver)',
    ],
    'model-parallel': [
      '    # tf.distribute has no pipeline (GPipe) strategy; split layers with DTensor layouts instead.',
      '    return tf.distribute.get_strategy()',
    ],
  };
  return lines([
    ...preamble(
      'Distributed training (the /distributed lab) with tf.distribute',
      'tensorflow 2.x',
      [],
      s.seed,
    ),
    '',
    ...mnistData(false),
    '',
    ...chosen.flatMap((name) => [
      `def ${name.replace('-', '_')}_strategy():`,
      ...strategyOf[name],
      '',
    ]),
    'def train(strategy):',
    '    with strategy.scope():',
    '        model = keras.Sequential([',
    '            keras.Input(shape=(784,)),',
    `            layers.Dense(${s.hidden}, activation='relu', kernel_initializer='he_normal'),`,
    "            layers.Dense(10, kernel_initializer='he_normal'),  # logits",
    '        ])',
    `        model.compile(optimizer=keras.optimizers.SGD(learning_rate=${s.learningRate}), loss=${logitsLoss}, metrics=['accuracy'])`,
    '    def dataset_fn(context=None):',
    `        data = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(60000, seed=${s.seed}).repeat()`,
    `        return data.batch(${s.globalBatch}).prefetch(tf.data.AUTOTUNE)`,
    '    data = (tf.keras.utils.experimental.DatasetCreator(dataset_fn)',
    '            if isinstance(strategy, tf.distribute.ParameterServerStrategy) else dataset_fn())',
    `    model.fit(data, epochs=1, steps_per_epoch=${s.steps})`,
    "    print(type(strategy).__name__, 'replicas', strategy.num_replicas_in_sync, 'test', model.evaluate(x_test, y_test, verbose=0))",
    '',
    ...chosen.map((name) => `train(${name.replace('-', '_')}_strategy())`),
  ]);
}

/**
 * /pipeline with tf.data: MNIST's bytes decoded and augmented (rotation, shift, noise; elastic
 * distortion has no tf.image op and is left out, with a note) in each chosen input pipeline
 * (sequential, prefetch, parallel map, both, cached), each feeding the same Keras model for the
 * lab's epochs, timed as samples per second.
 */
export function pipelineScript(s: PipelineSettings): string {
  const builds: Record<PipelineSettings['variants'][number], string> = {
    naive: 'raw.map(decode).map(augment).batch(BATCH)',
    prefetch: 'raw.map(decode).map(augment).batch(BATCH).prefetch(PREFETCH)',
    parallel: 'raw.map(decode).map(augment, num_parallel_calls=DEGREE).batch(BATCH)',
    'parallel-prefetch':
      'raw.map(decode).map(augment, num_parallel_calls=DEGREE).batch(BATCH).prefetch(PREFETCH)',
    cached:
      s.cacheAfter === 'decode'
        ? 'raw.map(decode).cache().map(augment, num_parallel_calls=DEGREE).batch(BATCH).prefetch(PREFETCH)'
        : 'raw.map(decode).map(augment, num_parallel_calls=DEGREE).cache().batch(BATCH).prefetch(PREFETCH)',
  };
  return lines([
    ...preamble(
      'Input pipelines (the /pipeline lab) with tf.data',
      'tensorflow 2.x',
      ['import time'],
      s.seed,
    ),
    '',
    `BATCH, PREFETCH, DEGREE, EPOCHS = ${s.batchSize}, ${s.prefetch}, ${s.degree}, ${s.epochs}`,
    '(x_train, y_train), _ = keras.datasets.mnist.load_data()',
    `raw = tf.data.Dataset.from_tensor_slices((x_train[:${s.samples}], y_train[:${s.samples}])).shuffle(${s.samples}, seed=${s.seed})`,
    '',
    'def decode(image, label):',
    '    return tf.cast(image, tf.float32)[..., None] / 255.0, label',
    '',
    `# Random rotation up to ${s.rotation} degrees, shift up to ${s.shift} pixels, Gaussian noise ${s.noise}.`,
    ...(s.elasticAlpha > 0 && s.elasticSigma > 0
      ? [
          `# The lab also applies elastic distortion (Simard et al. 2003; alpha ${s.elasticAlpha}, sigma ${s.elasticSigma}), which tf.image lacks.`,
        ]
      : []),
    'augmenter = keras.Sequential([',
    `    layers.RandomRotation(${s.rotation} / 360, fill_mode='constant', seed=${s.seed}),`,
    `    layers.RandomTranslation(${s.shift} / 28, ${s.shift} / 28, fill_mode='constant', seed=${s.seed}),`,
    `    layers.GaussianNoise(${s.noise}),`,
    '])',
    '',
    'def augment(image, label):',
    '    return tf.clip_by_value(augmenter(image, training=True), 0.0, 1.0), label',
    '',
    'def build_model():',
    '    return keras.Sequential([',
    '        keras.Input(shape=(28, 28, 1)),',
    '        layers.Flatten(),',
    ...s.hidden.map((units) => `        layers.Dense(${units}, activation='relu'),`),
    '        layers.Dense(10),  # logits',
    '    ])',
    '',
    'def run(name, dataset):',
    '    model = build_model()',
    `    model.compile(optimizer=${kerasOptimizer('adam', s.learningRate)}, loss=${logitsLoss}, metrics=['accuracy'])`,
    '    started = time.perf_counter()',
    '    model.fit(dataset, epochs=EPOCHS, verbose=0)',
    '    seconds = time.perf_counter() - started',
    `    print(f'{name}: {EPOCHS * ${s.samples} / seconds:.0f} samples/s')`,
    '',
    ...(s.variants.includes('cached') && s.cacheAfter === 'augment'
      ? [
          "# Cached after augment: every epoch after the first sees the first epoch's augmentations.",
        ]
      : []),
    ...s.variants.map((name) => `run(${py(name)}, ${builds[name]})`),
  ]);
}
