import { dataParallel, type DistributedSettings, type Strategy } from '../distributed/settings';
import type { PipelineSettings } from '../pipeline/settings';
import { kerasOptimizer, lines, logitsLoss, mnistData, preamble, py } from './python-source';

/**
 * Runnable scripts for the labs about scale: tf.distribute strategies for /distributed and a
 * tf.data pipeline for /pipeline. The tests compile them and compare the defaults with goldens.
 */

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
