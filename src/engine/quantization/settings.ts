import {
  choice,
  intList,
  number,
  parseSettings,
  type Issue,
  type Parsed,
  type SettingsOf,
} from '../settings/schema';
import {
  adamLearningRateField,
  batchSizeField,
  mnistSamplesField,
  seedField,
} from '../settings/fields';
import { MNIST_SHAPE } from '../data/mnist';
import type { ModelSpec } from '../models/build';
import { CNN_TRAINING_KERNELS } from './conv-ops';

/** Every setting of the /quantization lab: URL, controls, worker and CLI. */
export const quantizationSchema = {
  samples: mnistSamplesField(),
  ...networkFields(),
  hidden: intList({
    minLength: 1,
    maxLength: 3,
    min: 8,
    max: 1024,
    default: [256, 128],
    label: 'Hidden layers',
    help: 'Units of the hidden dense layers (of the MLP: 784 inputs, 10 outputs; of the CNN: after the convolutions).',
  }),
  epochs: number({
    min: 1,
    max: 50,
    integer: true,
    default: 5,
    label: 'Float epochs',
    help: 'Passes over the training rows for the float32 model that every variant starts from.',
  }),
  weightGranularity: choice({
    options: ['per-channel', 'per-tensor'],
    optionLabels: ['Per channel (symmetric)', 'Per tensor (symmetric)'],
    default: 'per-channel',
    label: 'Weight scales',
    help: 'One scale per output unit (TFLite’s default for weights) or one for the whole kernel.',
  }),
  calibration: choice({
    options: ['minmax', 'percentile'],
    optionLabels: ['Min / max', 'Percentile'],
    default: 'minmax',
    label: 'Activation ranges',
    help: 'How full-integer quantization sets each activation’s range from the calibration rows.',
  }),
  percentile: number({
    min: 90,
    max: 100,
    step: 0.01,
    default: 99.99,
    label: 'Percentile',
    help: 'With percentile calibration: the range runs from the (100 - p)th to the pth percentile.',
  }),
  calibrationRows: number({
    min: 0,
    max: 2000,
    integer: true,
    default: 500,
    label: 'Calibration rows',
    help: 'Training rows run through the float model to measure activation ranges.',
  }),
  bits: intList({
    minLength: 1,
    maxLength: 8,
    min: 2,
    max: 16,
    default: [8, 6, 4, 3, 2],
    label: 'Bit widths',
    help: 'Bit widths compared by post-training quantization and quantization-aware training (2-16).',
    itemLabel: 'Bit width',
  }),
  qatEpochs: number({
    min: 0,
    max: 20,
    integer: true,
    default: 2,
    label: 'QAT epochs',
    help: 'Epochs of quantization-aware fine-tuning from the float model, per bit width (0: no QAT).',
  }),
  qatLearningRate: number({
    min: 1e-5,
    max: 0.01,
    scale: 'log',
    default: 0.0005,
    label: 'QAT learning rate',
    help: 'Adam’s step size while fine-tuning with fake quantization.',
  }),
  learningRate: adamLearningRateField('Adam’s step size for the float model.'),
  batchSize: batchSizeField(),
  seed: seedField('Seeds the split, the weights, the batch order and the calibration rows.'),
};

/** The compression labs' choice of network (modelSpec's `model` and `filters`). */
export function networkFields() {
  return {
    model: choice({
      options: ['mlp', 'cnn'],
      optionLabels: ['MLP', 'Small CNN'],
      default: 'mlp',
      label: 'Model',
      help: 'A ReLU MLP on the 784 pixels, or a small CNN: two 3×3 conv + ReLU + 2×2 max-pool blocks (filters, then 2 × filters channels), then the hidden dense layers.',
    }),
    filters: number({
      min: 4,
      max: 32,
      integer: true,
      default: 8,
      label: 'CNN filters',
      help: 'Channels of the CNN’s first convolution (the second has twice as many).',
    }),
  };
}

export type QuantizationSettings = SettingsOf<typeof quantizationSchema>;

/**
 * The compression labs' networks (buildModel specs, ReLU, no dropout, 10 logits): the MLP on the
 * 784 pixels, or the CNN on 28 x 28 x 1 images: conv3x3 same + ReLU + maxpool 2x2 with `filters`
 * then 2 filters channels, flatten, the `hidden` dense ReLU layers.
 */
export function modelSpec(
  model: 'mlp' | 'cnn',
  filters: number,
  hidden: number[],
  seed: number,
): ModelSpec {
  const common = { hidden, activation: 'relu' as const, outputs: 10, dropout: 0, seed };
  return model === 'cnn'
    ? { kind: 'cnn', shape: MNIST_SHAPE, filters, ...common }
    : { kind: 'mlp', inputs: 784, ...common };
}

/**
 * Each kernel as a matrix [inputs, units], first layer first, for the network modelSpec builds:
 * the MLP's [784, h_1], [h_1, h_2], ..., [h_n, 10]; the CNN's 3 x 3 conv kernels as [9 C, filters]
 * ([9, f] and [9 f, 2 f]), then [7 * 7 * 2 f, h_1], ..., [h_n, 10].
 */
export function kernelShapes(
  model: 'mlp' | 'cnn',
  filters: number,
  hidden: number[],
): [number, number][] {
  const convs: [number, number][] =
    model === 'cnn'
      ? [
          [9, filters],
          [9 * filters, 2 * filters],
        ]
      : [];
  const [height, width] = MNIST_SHAPE;
  const flat = model === 'cnn' ? Math.floor(height / 4) * Math.floor(width / 4) * 2 * filters : 784;
  const widths = [flat, ...hidden, 10];
  return [...convs, ...widths.slice(1).map((units, l): [number, number] => [widths[l], units])];
}

/** The input shape of one row as the layers model takes it: [784] or [28, 28, 1]. */
export const inputShapeOf = (model: 'mlp' | 'cnn'): number[] =>
  model === 'cnn' ? [...MNIST_SHAPE] : [784];

/**
 * The kernels a CNN trains with (conv-ops.ts: every backend has them, WASM included, so no backend
 * switch); none beyond the basics for the MLP.
 */
export const quantizationKernels = (config: Record<string, unknown>): string[] =>
  config.model === 'cnn' ? [...CNN_TRAINING_KERNELS] : [];

/**
 * Schema checks, with the reasons spelled out where quantization itself sets the limit: a bit
 * width outside 2-16 and an empty calibration set (full-integer quantization cannot choose
 * activation ranges without rows to measure).
 */
export function parseQuantizationSettings(
  input: Record<string, unknown>,
): Parsed<QuantizationSettings> {
  const parsed = parseSettings(quantizationSchema, input);
  const issues: Issue[] = parsed.issues.map((issue) => {
    const value = input[issue.key];
    if (issue.key === 'bits' && Array.isArray(value) && value.every((b) => typeof b === 'number')) {
      const bad = value.filter((b) => b < 2 || b > 16);
      if (bad.length > 0)
        return {
          ...issue,
          message: `bit width ${bad.join(', ')} is outside 2-16: 1 bit leaves one level besides zero and no room for a zero point, and above 16 bits quantization is float32 in all but name`,
        };
    }
    return issue;
  });
  if (parsed.value.calibrationRows === 0 && !issues.some((i) => i.key === 'calibrationRows'))
    issues.push({
      key: 'calibrationRows',
      message:
        'The calibration set is empty: full-integer quantization measures each activation’s range on calibration rows, so it needs at least one',
    });
  return { value: parsed.value, issues };
}
