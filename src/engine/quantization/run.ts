import * as tf from '@tensorflow/tfjs-core';
import { throwIfAborted } from '../abort';
import { loadMnistSplit, MNIST_CLASSES, splitRows } from '../data/mnist';
import { takeRows } from '../data/split';
import type { LabContext } from '../lab';
import { buildModel } from '../models/build';
import { disposeData, fit, toTensors, type EpochMetrics, type FitOptions } from '../models/fit';
import { createRng, permutation } from '../rng';
import { fakeQuantTfjs } from '../../kernels/fake-quant/fake-quant-op';
import {
  minMaxRange,
  movingAverageRange,
  percentileRange,
  type ActivationRange,
} from './calibration';
import { activationsOf, scoreFloat, scoreInteger, type Scored } from './evaluate';
import {
  denseArraysOf,
  layerTensorsOf,
  networkForward,
  trainingForward,
  type DenseArrays,
} from './forward';
import { quantizeMlp } from './integer-mlp';
import { qatHooks } from './qat';
import {
  inputShapeOf,
  modelSpec,
  parseQuantizationSettings,
  type QuantizationSettings,
} from './settings';
import {
  dequantizedKernels,
  dynamicModelFile,
  float16Layers,
  floatModelFile,
  integerModelFile,
} from './weights';
import { layerViews, type LayerView } from './views';
import { validOrThrow } from '../settings/schema';

export type QuantizationMethod = 'float32' | 'float16' | 'dynamic' | 'ptq' | 'qat';

/** One row of the comparison table: how a variant of the same trained model does. */
export interface VariantReport extends Scored {
  id: string;
  method: QuantizationMethod;
  /** Bits per weight (and per activation for full-integer variants). */
  bits: number;
  /** Size of the variant's model file (the file the page offers for download). */
  bytes: number;
  /** How its test accuracy was computed. */
  engine: 'tfjs float' | 'integer (WGSL int8 matmul)' | 'integer (CPU)' | 'simulated (fake-quant)';
}

export type QuantizationProgress =
  | { type: 'data'; rows: { train: number; validation: number; test: number }; parameters: number }
  | { type: 'phase'; phase: string }
  | { type: 'batch'; phase: string; epoch: number; batch: number; batches: number }
  | { type: 'epochs'; phase: string; metrics: EpochMetrics[] }
  | { type: 'variant'; variant: VariantReport };

export interface QuantizationResult {
  settings: QuantizationSettings;
  backend: string;
  variants: VariantReport[];
  /** Test accuracy at each bit width: post-training (full integer) and quantization-aware. */
  bitsCurve: { bits: number; ptq: number; qat: number | null }[];
  /** Calibrated ranges: [layers + 1], the input first (conv layers: after ReLU, before pooling). */
  ranges: ActivationRange[];
  layers: LayerView[];
  /** Model files by variant id. */
  files: Record<string, Uint8Array>;
  history: { float: EpochMetrics[]; qat: { bits: number; metrics: EpochMetrics[] }[] };
  seconds: number;
}

/**
 * The /quantization lab: train a float32 ReLU MLP or small CNN on MNIST, then compare what each
 * way of quantizing it costs on the same test rows: float16 weights, dynamic-range int8 (int8
 * weights, float activations), full integer at each bit width (activation ranges calibrated on
 * training rows, integer-only inference with int32 accumulators, TFLite's fixed-point
 * requantization; the CNN's convolutions as im2col products, its max pools on the codes) and
 * quantization-aware fine-tuning at each bit width (fake-quant in the forward pass,
 * straight-through gradients, moving-average activation ranges), itself deployed through the
 * integer path.
 */
export async function runQuantization(
  config: Record<string, unknown>,
  context: LabContext<QuantizationProgress>,
): Promise<QuantizationResult> {
  const settings = validOrThrow(parseQuantizationSettings(config));
  const started = performance.now();
  const { signal, onProgress } = context;
  const rng = createRng(settings.seed);
  const { mnist, split } = await loadMnistSplit(context.data, settings.samples, rng, signal);
  const rows = splitRows(mnist, split);
  const calibrationOrder = permutation(split.train.length, rng).subarray(
    0,
    settings.calibrationRows,
  );
  const calibration = takeRows(
    mnist,
    calibrationOrder.map((i) => split.train[i]),
  );
  const spec = modelSpec(settings.model, settings.filters, settings.hidden, rng.seed());
  const seeds = { order: rng.seed(), qatOrder: rng.seed(), views: rng.seed() };
  const inputShape = inputShapeOf(settings.model);
  const train = toTensors(rows.train, inputShape, 'classification', MNIST_CLASSES);
  const validation = toTensors(rows.validation, inputShape, 'classification', MNIST_CLASSES);
  const models = [buildModel(spec)];
  const perChannel = settings.weightGranularity === 'per-channel';
  const fakeQuant = context.ops?.fakeQuant ?? fakeQuantTfjs;
  const matmul = context.ops?.int8Matmul;
  const integerEngine = matmul ? 'integer (WGSL int8 matmul)' : 'integer (CPU)';
  const variants: VariantReport[] = [];
  const files: Record<string, Uint8Array> = {};
  const add = async (scored: Omit<VariantReport, 'bytes'>, file: Uint8Array) => {
    const variant = { ...scored, bytes: file.length };
    variants.push(variant);
    files[variant.id] = file;
    await onProgress?.({ type: 'variant', variant });
  };
  const fitOptions = (
    phase: string,
    epochs: number,
    learningRate: number,
    seed: number,
  ): FitOptions => ({
    task: 'classification',
    optimizer: 'adam',
    learningRate,
    batchSize: settings.batchSize,
    epochs,
    l2: 0,
    patience: 0,
    rng: createRng(seed),
    signal,
    onBatch: (epoch, batch, batches) =>
      void onProgress?.({ type: 'batch', phase, epoch, batch, batches }),
    onEpochEnd: (metrics) => onProgress?.({ type: 'epochs', phase, metrics: [metrics] }),
  });
  try {
    await onProgress?.({
      type: 'data',
      rows: { train: rows.train.rows, validation: rows.validation.rows, test: rows.test.rows },
      parameters: models[0].countParams(),
    });
    await onProgress?.({ type: 'phase', phase: 'float' });
    const floatFit = await fit(models[0], train, validation, {
      ...fitOptions('float', settings.epochs, settings.learningRate, seeds.order),
      forward: trainingForward(models[0]),
    });
    const floatLayers = await denseArraysOf(layerTensorsOf(models[0]));

    await onProgress?.({ type: 'phase', phase: 'calibration' });
    const activations = await activationsOf(floatLayers, calibration.x, calibration.rows);
    const ranges = activations.map((values) =>
      settings.calibration === 'minmax'
        ? minMaxRange(values)
        : percentileRange(values, settings.percentile),
    );

    await onProgress?.({ type: 'phase', phase: 'post-training' });
    const float = (id: string, method: QuantizationMethod, bits: number, layers: DenseArrays[]) =>
      scoreFloat(layers, rows.test).then((s) => ({
        ...s,
        id,
        method,
        bits,
        engine: 'tfjs float' as const,
      }));
    await add(
      await float('float32', 'float32', 32, floatLayers),
      floatModelFile(floatLayers, 'float32'),
    );
    const half = float16Layers(floatLayers);
    await add(await float('float16', 'float16', 16, half), floatModelFile(floatLayers, 'float16'));
    await add(
      await float('dynamic-int8', 'dynamic', 8, dequantizedKernels(floatLayers, 8, perChannel)),
      dynamicModelFile(floatLayers, 8, perChannel),
    );
    const bitWidths = [...new Set(settings.bits)].sort((a, b) => b - a);
    const deploy = async (
      id: string,
      method: 'ptq' | 'qat',
      bits: number,
      layers: DenseArrays[],
      r: ActivationRange[],
    ) => {
      throwIfAborted(signal);
      if (bits <= 8) {
        const model = quantizeMlp(layers, r, {
          weightBits: bits,
          activationBits: bits,
          perChannel,
        });
        const scored = await scoreInteger(model, rows.test, matmul);
        await add({ ...scored, id, method, bits, engine: integerEngine }, integerModelFile(model));
      } else {
        // Above 8 bits the codes do not fit int8 containers: simulate with fake-quant in float.
        const scored = await scoreFloat(
          layers,
          rows.test,
          qatHooks(bits, perChannel, r, fakeQuant),
        );
        await add(
          { ...scored, id, method, bits, engine: 'simulated (fake-quant)' },
          dynamicModelFile(layers, bits, perChannel),
        );
      }
    };
    for (const bits of bitWidths) await deploy(`ptq-${bits}`, 'ptq', bits, floatLayers, ranges);

    const qatHistory: { bits: number; metrics: EpochMetrics[] }[] = [];
    if (settings.qatEpochs > 0) {
      for (const bits of bitWidths) {
        const phase = `qat-${bits}`;
        await onProgress?.({ type: 'phase', phase });
        const model = buildModel(spec);
        models.push(model);
        model.setWeights(models[0].getWeights());
        const tracked = ranges.map((r) => ({ ...r }));
        const observed: tf.Scalar[] = [];
        const tensors = layerTensorsOf(model);
        const fitted = await fit(model, train, validation, {
          ...fitOptions(phase, settings.qatEpochs, settings.qatLearningRate, seeds.qatOrder),
          forward: (x, training) =>
            networkForward(
              x,
              tensors,
              qatHooks(
                bits,
                perChannel,
                tracked,
                fakeQuant,
                training
                  ? (i, min, max) => ((observed[2 * i] = min), (observed[2 * i + 1] = max))
                  : undefined,
              ),
            ),
          afterStep: async () => {
            const stacked = tf.stack(observed);
            const values = await stacked.data();
            tf.dispose([stacked, ...observed]);
            tracked.forEach((range, i) => {
              tracked[i] = movingAverageRange(
                range,
                [values[2 * i], values[2 * i + 1]],
                QAT_RANGE_DECAY,
              );
            });
          },
        });
        qatHistory.push({ bits, metrics: fitted.history });
        await deploy(phase, 'qat', bits, await denseArraysOf(tensors), tracked);
      }
    }
    const score = (id: string) => variants.find((v) => v.id === id)?.accuracy ?? null;
    return {
      settings,
      backend: tf.getBackend(),
      variants,
      bitsCurve: bitWidths.map((bits) => ({
        bits,
        ptq: score(`ptq-${bits}`)!,
        qat: score(`qat-${bits}`),
      })),
      ranges,
      layers: layerViews(floatLayers, activations, createRng(seeds.views)),
      files,
      history: { float: floatFit.history, qat: qatHistory },
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    disposeData(train);
    disposeData(validation);
    models.forEach((m) => m.dispose());
  }
}

/**
 * Decay of the moving-average activation ranges during QAT. TF Model Optimization uses 0.999
 * from [-6, 6] over thousands of steps; fine-tuning here runs a few hundred steps from the
 * calibrated ranges, so the average forgets faster.
 */
const QAT_RANGE_DECAY = 0.99;
