import {
  choice,
  number,
  parseSettings,
  type Issue,
  type Parsed,
  type SettingsOf,
} from '../settings/schema';
import { seedField } from '../settings/fields';

/** The most workers a run may start: each is a thread, and a page has only so many cores. */
export const MAX_WORKERS = 8;

export const strategies = ['one-device', 'mirrored', 'parameter-server', 'model-parallel'] as const;
/** The data parallel strategies, which train the same network and are compared on one run. */
export const dataParallel: Strategy[] = ['one-device', 'mirrored', 'parameter-server'];
export type Strategy = (typeof strategies)[number];

/** Every setting of the /distributed lab: URL, controls and CLI. */
export const distributedSchema = {
  strategy: choice({
    options: ['compare', ...strategies],
    optionLabels: [
      'Data parallel: all three, one after another',
      'One device',
      'Mirrored',
      'Parameter server',
      'Model parallel (GPipe)',
    ],
    default: 'compare',
    label: 'Strategy',
    help: 'One device (a single worker), Mirrored (synchronous data parallel with a ring all-reduce) or Parameter server (asynchronous); "all three" runs each on the same data and seed. Model parallel trains a deeper MLP, one layer per worker, in micro-batches.',
  }),
  workers: number({
    min: 1,
    max: MAX_WORKERS,
    integer: true,
    default: 4,
    label: 'Workers',
    help: 'Worker threads of Mirrored and Parameter server (One device always uses one).',
  }),
  globalBatch: number({
    min: 1,
    max: 1024,
    integer: true,
    default: 128,
    label: 'Global batch',
    help: 'Rows per synchronous step, split across the workers; the parameter server gives each worker its share per update.',
  }),
  steps: number({
    min: 1,
    max: 2000,
    integer: true,
    default: 60,
    label: 'Steps',
    help: 'Global batches to train on (the parameter server applies workers x steps updates of a share each).',
  }),
  learningRate: number({
    min: 1e-4,
    max: 1,
    scale: 'log',
    default: 0.1,
    label: 'Learning rate',
    help: 'Step size of plain SGD (the same update on every replica).',
  }),
  hidden: number({
    min: 8,
    max: 1024,
    integer: true,
    default: 128,
    label: 'Hidden units',
    help: 'Width of the MLP’s hidden ReLU layer (784 → hidden → 10): more units, more compute per byte sent.',
  }),
  samples: number({
    min: 500,
    max: 10000,
    integer: true,
    default: 4000,
    label: 'MNIST rows',
    help: 'Rows of the 10,000 MNIST digits used (a seeded subset); 20% are held out to measure the final loss.',
  }),
  microBatches: number({
    min: 1,
    max: 32,
    integer: true,
    default: 4,
    label: 'Micro-batches',
    help: 'Model parallel: micro-batches per global batch (GPipe). More shrink the bubble where stages wait for each other, but send more, smaller messages.',
  }),
  failureRate: number({
    min: 0,
    max: 0.5,
    step: 0.01,
    default: 0,
    label: 'Failure rate',
    help: 'Chance per step that a random worker is terminated mid-step (never the last one).',
  }),
  checkpointEvery: number({
    min: 1,
    max: 100,
    integer: true,
    default: 5,
    label: 'Checkpoint every',
    help: 'Mirrored keeps the parameters every this many steps; after a failure it restores them and replays the steps since.',
  }),
  stalenessBound: number({
    min: 0,
    max: 64,
    integer: true,
    default: 0,
    label: 'Bounded staleness',
    help: 'Parameter server: a worker waits while it is more than this many updates ahead of the slowest (0: no bound, fully asynchronous).',
  }),
  seed: seedField('Seeds the data subset, the initial weights, the batches and the failures.'),
};

export type DistributedSettings = SettingsOf<typeof distributedSchema>;

/** The strategies a run trains, in order. */
export const plannedStrategies = (s: DistributedSettings): Strategy[] =>
  s.strategy === 'compare' ? [...dataParallel] : [s.strategy];

/** Schema checks, and a batch that cannot give every worker a row. */
export function parseDistributedSettings(
  input: Record<string, unknown>,
): Parsed<DistributedSettings> {
  const parsed = parseSettings(distributedSchema, input);
  const issues: Issue[] = [...parsed.issues];
  const s = parsed.value;
  const flagged = (key: string) => issues.some((i) => i.key === key);
  if (s.globalBatch < s.workers && !flagged('globalBatch') && !flagged('workers'))
    issues.push({
      key: 'globalBatch',
      message: `a global batch of ${s.globalBatch} cannot be split across ${s.workers} workers: each needs at least one row`,
    });
  if (s.strategy === 'model-parallel' && s.microBatches > s.globalBatch && !flagged('microBatches'))
    issues.push({
      key: 'microBatches',
      message: `${s.microBatches} micro-batches need a global batch of at least ${s.microBatches} rows, not ${s.globalBatch}`,
    });
  return { value: s, issues };
}

/**
 * The network a strategy trains: 784 → hidden → 10 for data parallel; for model parallel one
 * dense layer per worker, 784 → hidden → … → hidden → 10.
 */
export const networkSizes = (
  s: DistributedSettings,
  strategy: Strategy,
  features: number,
  classes: number,
): number[] =>
  strategy === 'model-parallel'
    ? [features, ...Array.from({ length: s.workers - 1 }, () => s.hidden), classes]
    : [features, s.hidden, classes];
