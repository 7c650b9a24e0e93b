import {
  boolean,
  choice,
  choiceList,
  intList,
  number,
  parseSettings,
  type Issue,
  type Parsed,
  type SettingsOf,
} from '../settings/schema';
import { seedField } from '../settings/fields';

/** The pipelines the lab compares; each is a combination of tf.data's three tools. */
export const pipelineVariants = [
  'naive',
  'prefetch',
  'parallel',
  'parallel-prefetch',
  'cached',
] as const;
export type PipelineVariantName = (typeof pipelineVariants)[number];

export const variantLabels: Record<PipelineVariantName, string> = {
  naive: 'Naive (sequential)',
  prefetch: 'Prefetch',
  parallel: 'Parallel map',
  'parallel-prefetch': 'Parallel map + prefetch',
  cached: 'Cache + parallel map + prefetch',
};

/**
 * Most map workers a run may start, whatever the browser reports: each holds a copy of the records
 * and a thread, and past this the page's own work starves.
 */
export const MAX_MAP_WORKERS = 16;

/** Every setting of the /pipeline lab: URL, controls, worker and CLI. */
export const pipelineSchema = {
  variants: choiceList({
    options: pipelineVariants,
    optionLabels: pipelineVariants.map((v) => variantLabels[v]),
    minLength: 1,
    default: [...pipelineVariants],
    label: 'Pipelines',
    help: 'The input pipelines to run one after another, each feeding the same model from the same seed.',
  }),
  samples: number({
    min: 256,
    max: 10000,
    integer: true,
    default: 1024,
    label: 'MNIST rows',
    help: 'Rows of the 10,000 MNIST digits streamed through the pipeline each epoch (a seeded random subset).',
  }),
  epochs: number({
    min: 1,
    max: 10,
    integer: true,
    default: 2,
    label: 'Epochs',
    help: 'Passes over the rows; a cache only pays off from the second.',
  }),
  batchSize: number({
    min: 1,
    max: 1024,
    integer: true,
    default: 64,
    label: 'Batch size',
    help: 'Elements per batch, and per optimizer step of the consumer.',
  }),
  prefetch: number({
    min: 1,
    max: 16,
    integer: true,
    default: 2,
    label: 'Prefetch buffer',
    help: 'Batches the producer may prepare ahead of the one the training step asks for (tf.data’s prefetch(buffer_size)).',
  }),
  degree: number({
    min: 1,
    max: 64,
    integer: true,
    default: 2,
    label: 'Parallel map degree',
    help: 'Map workers that decode and augment the shards of a batch at once (tf.data’s num_parallel_calls); at most the browser’s core count.',
  }),
  cacheAfter: choice({
    options: ['decode', 'augment'],
    optionLabels: ['After decode', 'After augment'],
    default: 'decode',
    label: 'Cache after',
    help: 'Which stage’s output the first epoch keeps in memory for the next: after decode the random augmentation still runs each epoch; after augment it is frozen at epoch 1’s draw.',
  }),
  rotation: number({
    min: 0,
    max: 45,
    integer: true,
    default: 12,
    label: 'Rotation (°)',
    help: 'Each image turns by an angle drawn uniformly from ±this.',
  }),
  shift: number({
    min: 0,
    max: 6,
    step: 0.5,
    default: 2,
    label: 'Shift (px)',
    help: 'Each image moves by a random offset of up to this many pixels in x and y.',
  }),
  elasticSigma: number({
    min: 0,
    max: 8,
    step: 0.5,
    default: 4,
    label: 'Elastic σ (px)',
    help: 'Elastic distortion (Simard et al. 2003): a random displacement field smoothed by a Gaussian of this width; 0 turns it off. Its cost grows with σ (the blur is 6σ + 1 taps).',
  }),
  elasticAlpha: number({
    min: 0,
    max: 60,
    step: 1,
    default: 34,
    label: 'Elastic α (px)',
    help: 'Scale of the smoothed displacement field (Simard et al. used α = 34 with σ = 4 on MNIST).',
  }),
  noise: number({
    min: 0,
    max: 0.5,
    step: 0.01,
    default: 0.05,
    label: 'Noise σ',
    help: 'Standard deviation of the Gaussian noise added to each pixel (pixels are in [0, 1]).',
  }),
  hidden: intList({
    minLength: 1,
    maxLength: 3,
    min: 8,
    max: 2048,
    default: [256],
    label: 'Hidden layers',
    help: 'Units of the consumer’s ReLU MLP: a wider network makes each training step cost more.',
  }),
  learningRate: number({
    min: 1e-5,
    max: 0.1,
    scale: 'log',
    default: 0.001,
    label: 'Learning rate',
    help: 'Adam’s step size.',
  }),
  timeoutMs: number({
    min: 100,
    max: 120000,
    integer: true,
    default: 10000,
    label: 'Worker timeout (ms)',
    help: 'A map worker that answers nothing for this long stops the run.',
  }),
  stallWorker: boolean({
    default: false,
    label: 'Simulate a stuck worker',
    help: 'The last map worker stops answering at the third batch, to see the timeout stop the run.',
  }),
  seed: seedField('Seeds the rows, the shuffle of each epoch, every augmentation and the weights.'),
};

export type PipelineSettings = SettingsOf<typeof pipelineSchema>;

/** What one variant does: its parallel map degree, prefetch buffer (0: none) and cache. */
export interface VariantPlan {
  name: PipelineVariantName;
  degree: number;
  prefetch: number;
  cacheAfter: 'none' | 'decode' | 'augment';
}

export function variantPlan(name: PipelineVariantName, s: PipelineSettings): VariantPlan {
  const parallel = name === 'parallel' || name === 'parallel-prefetch' || name === 'cached';
  const prefetch = name === 'prefetch' || name === 'parallel-prefetch' || name === 'cached';
  return {
    name,
    degree: parallel ? s.degree : 1,
    prefetch: prefetch ? s.prefetch : 0,
    cacheAfter: name === 'cached' ? s.cacheAfter : 'none',
  };
}

/** Map workers a run starts: the largest degree among its variants. */
export const workersNeeded = (s: PipelineSettings): number =>
  Math.max(...s.variants.map((v) => variantPlan(v, s).degree));

/** Limits of the environment the run meets; the page and the engine pass what they know. */
export interface PipelineLimits {
  /** navigator.hardwareConcurrency in a browser, os.availableParallelism() in Node. */
  hardwareConcurrency?: number;
}

/**
 * Schema checks, then the limits a pipeline has: no more map workers than MAX_MAP_WORKERS or the
 * cores the browser reports, and a batch at least as large as the workers that split it.
 */
export function parsePipelineSettings(
  input: Record<string, unknown>,
  limits: PipelineLimits = {},
): Parsed<PipelineSettings> {
  const parsed = parseSettings(pipelineSchema, input);
  const issues: Issue[] = [...parsed.issues];
  const s = parsed.value;
  const workers = workersNeeded(s);
  const cores = limits.hardwareConcurrency;
  if (workers > MAX_MAP_WORKERS)
    issues.push({
      key: 'degree',
      message: `a parallel map degree of ${workers} asks for more map workers than this lab starts (at most ${MAX_MAP_WORKERS}); choose ${MAX_MAP_WORKERS} or fewer`,
    });
  else if (cores !== undefined && workers > cores)
    issues.push({
      key: 'degree',
      message: `a parallel map degree of ${workers} asks for more workers than this browser allows: it reports ${cores} logical cores (navigator.hardwareConcurrency), so choose ${cores} or fewer`,
    });
  if (s.batchSize < workers)
    issues.push({
      key: 'batchSize',
      message: `a batch of ${s.batchSize} cannot be split across ${workers} map workers (each needs at least one element); make the batch at least ${workers} or the degree at most ${s.batchSize}`,
    });
  if (s.variants.includes('cached') && s.epochs < 2)
    issues.push({
      key: 'epochs',
      message:
        'the cache is filled in epoch 1 and read from epoch 2: run at least 2 epochs, or leave the cached pipeline out',
    });
  const batches = Math.ceil(s.samples / s.batchSize) * s.epochs;
  if (s.stallWorker && batches < 3)
    issues.push({
      key: 'stallWorker',
      message: `the stuck worker stops at the third batch, but this run has only ${batches}`,
    });
  return { value: s, issues };
}
