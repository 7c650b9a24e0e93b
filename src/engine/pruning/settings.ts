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
import type { ModelSpec } from '../models/build';
import { CNN_TRAINING_KERNELS } from '../quantization/conv-ops';
import { modelSpec, networkFields } from '../quantization/settings';
import type { MaskStructure } from './masks';
import type { PruningSchedule } from './schedule';

/** Every setting of the /pruning lab: URL, controls, worker and CLI. */
export const pruningSchema = {
  samples: mnistSamplesField(),
  ...networkFields(),
  hidden: intList({
    minLength: 1,
    maxLength: 3,
    min: 8,
    max: 1024,
    default: [300, 100],
    label: 'Hidden layers',
    help: 'Units of the hidden dense layers (LeNet-300-100 for the MLP by default; after the convolutions for the CNN).',
  }),
  mode: choice({
    options: ['gradual', 'after-training'],
    optionLabels: ['During training, from scratch', 'After training, then fine-tune'],
    default: 'after-training',
    label: 'When to prune',
    help: 'Prune while the model learns (the schedule runs from its first steps), or prune the trained dense model and fine-tune it.',
  }),
  epochs: number({
    min: 1,
    max: 50,
    integer: true,
    default: 6,
    label: 'Dense epochs',
    help: 'Epochs of the dense baseline (and of the pruned model when pruning from scratch).',
  }),
  fineTuneEpochs: number({
    min: 1,
    max: 50,
    integer: true,
    default: 4,
    label: 'Fine-tune epochs',
    help: 'Epochs of pruning and fine-tuning after training.',
  }),
  schedule: choice({
    options: ['polynomial', 'constant'],
    optionLabels: ['Polynomial decay', 'Constant sparsity'],
    default: 'polynomial',
    label: 'Schedule',
    help: 'TF MOT’s PolynomialDecay (sparsity rises from the initial to the final value) or ConstantSparsity.',
  }),
  initialSparsity: number({
    min: 0,
    max: 0.99,
    step: 0.01,
    default: 0,
    label: 'Initial sparsity',
    help: 'Polynomial decay: the sparsity at the begin step.',
  }),
  targetSparsity: number({
    min: 0,
    max: 1,
    step: 0.01,
    default: 0.8,
    label: 'Target sparsity',
    help: 'Share of weights set to zero at the end (below 1).',
  }),
  beginStep: number({
    min: 0,
    max: 100000,
    integer: true,
    default: 0,
    label: 'Begin step',
    help: 'Optimizer step (of the pruning phase) at which pruning starts.',
  }),
  endStep: number({
    min: 1,
    max: 100000,
    integer: true,
    default: 150,
    label: 'End step',
    help: 'Step at which the final sparsity is reached (and pruning stops).',
  }),
  frequency: number({
    min: 1,
    max: 10000,
    integer: true,
    default: 10,
    label: 'Frequency',
    help: 'Masks are recomputed every this many steps (TF MOT’s default is 100).',
  }),
  power: number({
    min: 1,
    max: 10,
    step: 0.5,
    default: 3,
    label: 'Power',
    help: 'Polynomial decay’s exponent: sparsity = final + (initial - final)(1 - p)^power.',
  }),
  structure: choice({
    options: ['unstructured', 'block', '2:4'],
    optionLabels: ['Unstructured', 'Blocks of 1 x 4', '2:4 (two of every four)'],
    default: 'unstructured',
    label: 'Structure',
    help: 'Which weights go together: single weights, blocks of 4 inputs of one unit (scored by mean |w|), or 2 of every 4 consecutive inputs (always 50%).',
  }),
  scope: choice({
    options: ['layer', 'global'],
    optionLabels: ['Per layer', 'Global'],
    default: 'layer',
    label: 'Threshold',
    help: 'Each layer pruned to the target on its own, or one magnitude threshold across all layers.',
  }),
  layers: choice({
    options: ['all', 'skip-first'],
    optionLabels: ['Every layer', 'All but the first'],
    default: 'all',
    label: 'Layers pruned',
    help: 'Prune every conv and dense kernel, or leave the first layer dense, as TF MOT’s pruning guide advises (prune the later layers rather than the first). The CNN’s first convolution has only 9 weights per filter; the MLP’s first layer holds most of its weights. The target sparsity applies to the pruned layers; the table also gives it over all kernels.',
  }),
  sweep: intList({
    minLength: 1,
    maxLength: 10,
    min: 0,
    max: 99,
    default: [0, 50, 70, 80, 90, 95, 98],
    label: 'Sweep sparsities (%)',
    help: 'Sparsities of the accuracy-vs-sparsity curve: the dense model pruned at each, before and after fine-tuning.',
    itemLabel: 'Sparsity in percent',
  }),
  sweepEpochs: number({
    min: 0,
    max: 10,
    integer: true,
    default: 1,
    label: 'Sweep fine-tune epochs',
    help: 'Fine-tuning epochs at each sweep sparsity (0: one-shot only).',
  }),
  learningRate: adamLearningRateField(),
  batchSize: batchSizeField(),
  seed: seedField('Seeds the split, the weights and the batch order.'),
};

export type PruningSettings = SettingsOf<typeof pruningSchema>;

/** The mask structure a setting names. */
export const maskStructure = (s: PruningSettings): MaskStructure =>
  s.structure === 'block'
    ? { kind: 'block', rows: 1, cols: 4 }
    : s.structure === '2:4'
      ? { kind: 'n:m', n: 2, m: 4 }
      : { kind: 'unstructured' };

/** Which of the network's `count` layers are pruned (true), first layer first. */
export const prunedLayers = (s: PruningSettings, count: number): boolean[] =>
  Array.from({ length: count }, (_, l) => s.layers === 'all' || l > 0);

/** The network the settings describe: the MLP on 784 pixels or the small CNN on 28 x 28 x 1. */
export const pruningModelSpec = (s: PruningSettings, seed: number): ModelSpec =>
  modelSpec(s.model, s.filters, s.hidden, seed);

/** The kernels a CNN trains with (as quantizationKernels: every backend has them). */
export const pruningKernels = (config: Record<string, unknown>): string[] =>
  config.model === 'cnn' ? [...CNN_TRAINING_KERNELS] : [];

/** TF MOT's schedule the settings describe (2:4 ignores the sparsity: it is always 50%). */
export const pruningSchedule = (s: PruningSettings): PruningSchedule =>
  s.schedule === 'constant'
    ? {
        targetSparsity: s.targetSparsity,
        beginStep: s.beginStep,
        endStep: s.endStep,
        frequency: s.frequency,
      }
    : {
        initialSparsity: s.initialSparsity,
        finalSparsity: s.targetSparsity,
        beginStep: s.beginStep,
        endStep: s.endStep,
        power: s.power,
        frequency: s.frequency,
      };

/**
 * Schema checks, with the reasons spelled out where pruning sets the limit: a target of 100%
 * (nothing would be left to compute with), an end before the begin, an initial sparsity above
 * the final one.
 */
export function parsePruningSettings(input: Record<string, unknown>): Parsed<PruningSettings> {
  const parsed = parseSettings(pruningSchema, input);
  const issues: Issue[] = [...parsed.issues];
  const s = parsed.value;
  const flagged = (key: string) => issues.some((i) => i.key === key);
  if (s.targetSparsity >= 1 && !flagged('targetSparsity'))
    issues.push({
      key: 'targetSparsity',
      message:
        'A target sparsity of 100% would remove every weight: the network would output its biases whatever the input. Choose a value below 1 (0.99 keeps 1 weight in 100)',
    });
  if (s.endStep <= s.beginStep && !flagged('endStep'))
    issues.push({
      key: 'endStep',
      message: `end step ${s.endStep} must come after begin step ${s.beginStep}: the schedule reaches its final sparsity between them`,
    });
  if (s.schedule === 'polynomial' && s.initialSparsity > s.targetSparsity)
    issues.push({
      key: 'initialSparsity',
      message: `initial sparsity ${s.initialSparsity} is above the target ${s.targetSparsity}: pruning removes weights, it cannot restore them`,
    });
  return { value: s, issues };
}
