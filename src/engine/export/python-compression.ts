import { pruningModelSpec, type PruningSettings } from '../pruning/settings';
import { modelSpec, type QuantizationSettings } from '../quantization/settings';
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
 * Runnable scripts for the compression labs: TF Model Optimization for /pruning and
 * quantization-aware training, the TFLite converter for post-training quantization. Each follows
 * the libraries' documented APIs; the tests compile every script with Python and compare the
 * defaults with golden files.
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
