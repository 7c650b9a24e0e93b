import type { DatasetName } from '../data/catalog';
import type { LoadOptions } from '../data/load';
import { splitIndices } from '../data/split';
import type { Dataset } from '../data/types';
import { createRng } from '../rng';
import { liveEdges } from './space';
import type { NasTrainOptions, Resolution } from './train';
import { cellOps, type CellOp, type MicroArch, type NetworkFrame } from './types';

/**
 * A tabular NAS benchmark in the manner of NAS-Bench-201 (Dong and Yang, 2020), our own: every
 * micro architecture whose cell has a path n0 -> n3, trained on 3000 MNIST digits at 7 x 7 for
 * several seeds, so a search strategy can be run against looked-up results instead of training.
 * Made by scripts/nas/make-tabular.ts; shipped as static/data/nas-bench-mnist.json.
 *
 * The frame is chosen so that the cell matters more than the seed: a linear stem, so every
 * non-linearity comes from the cell's dense edges (a cell of skips is a linear classifier), on
 * data where a linear classifier falls short (MNIST at 7 x 7: validation accuracy 0.84-0.85 for
 * the cells of skips, 0.886 for the best cell). Across the 290 networks the seed means spread
 * with std 0.0084 against 0.0072 across seeds (RMS over networks; median 0.0059), and the seeds
 * rank the networks alike (Spearman 0.40-0.51). Digits was too easy: the first table (a ReLU
 * stem of width 32) scored every cell 0.95-0.97 with a spread across networks of 0.005 against
 * 0.012 across seeds, rankings uncorrelated between seeds. As in NAS-Bench-201 the data split is
 * fixed; a seed changes the initial weights and the batch order.
 */

export const TABLE_FILE = 'nas-bench-mnist.json';

/** How every entry of the table was trained. */
export interface TableTraining {
  dataset: DatasetName;
  /** Rows used: DatasetLoader's seeded subset (seed 0) when the dataset holds more. */
  rows: number;
  /** Image resolution relative to the dataset's (0.25: 28 x 28 -> 7 x 7 by 2 x 2 averaging). */
  resolution: Resolution;
  /** frame.inputs is the feature count at that resolution. */
  frame: Omit<NetworkFrame, 'seed'>;
  optimizer: string;
  learningRate: number;
  batchSize: number;
  epochs: number;
  /** Shares of the rows held out, and the seed of the one stratified split every seed uses. */
  split: { validation: number; test: number; seed: number };
  /** Training seeds: each one's initial weights and batch order (the split is shared). */
  seeds: number[];
  /** tfjs backend the table was made on; results reproduce exactly only on the same one. */
  backend: string;
}

/**
 * The settings scripts/nas/make-tabular.ts trains with (and the tests re-train with). Chosen by
 * probes of 20 random distinct networks x 3 seeds on digits and MNIST: no digits frame tried
 * (linear or ReLU stem, width 4-32, 1-2 cells, 2-24 epochs, 4 x 4 or 8 x 8) separated the cells
 * better without making the cells of skips alone (a linear classifier) the best, which leaves a
 * search nothing to find. 20 CPU-minutes to make on WASM, one core.
 */
export const tableTraining: TableTraining = {
  dataset: 'mnist',
  rows: 3000,
  resolution: 0.25,
  frame: {
    inputs: 49,
    outputs: 10,
    width: 32,
    cells: 1,
    stemActivation: 'linear',
    widthMultiplier: 1,
  },
  optimizer: 'adam',
  learningRate: 0.01,
  batchSize: 64,
  epochs: 12,
  split: { validation: 0.2, test: 0.2, seed: 1000 },
  seeds: [0, 1, 2],
  backend: 'wasm',
};

/** Seed `seed`'s frame: kernels initialized from `seed`, which also seeds the epoch shuffles. */
export const tableFrame = (seed: number): NetworkFrame => ({ ...tableTraining.frame, seed });

/** What DatasetLoader.load is given for the table's data. */
export const tableDataOptions: LoadOptions = { samples: tableTraining.rows, noise: 0, seed: 0 };

/** The table's stratified split, the same for every seed (from split.seed). */
export const tableSplit = (dataset: Pick<Dataset, 'rows' | 'y' | 'task' | 'classes'>) =>
  splitIndices(dataset, tableTraining.split, createRng(tableTraining.split.seed));

/** trainArchitecture's options for a table entry. */
export const tableTrainOptions: NasTrainOptions = {
  epochs: tableTraining.epochs,
  learningRate: tableTraining.learningRate,
  batchSize: tableTraining.batchSize,
  resolution: tableTraining.resolution,
};

/** About how many training rows the split leaves (it rounds per class): one epoch's cost. */
export const tableTrainingRows = (training: TableTraining) =>
  Math.round(training.rows * (1 - training.split.validation - training.split.test));

/**
 * The JSON file. Archs are written once as strings of op indices into `ops` (CELL_EDGES order).
 * Architectures that differ only on edges off every n0 -> n3 path build the same network and
 * train identically, so they share one result row: `rowOf[a]` is arch a's row in the arrays below.
 */
export interface TableFile {
  version: 1;
  training: TableTraining;
  ops: readonly CellOp[];
  archs: string[];
  rowOf: number[];
  /** Per row: trainable parameters. */
  parameters: number[];
  /** Per row, per seed: validation accuracy after each epoch (4 decimals). */
  curves: number[][][];
  /** Per row, per seed: test accuracy after the last epoch (4 decimals). */
  test: number[][];
  /** Per row, per seed: CPU seconds of the training run (one Node process, one core). */
  seconds: number[][];
}

export interface Table {
  file: TableFile;
  /** archKey-like key (the ops joined by '-') -> index into file.archs. */
  index: Map<string, number>;
}

/** One architecture's result for one seed. */
export interface TableEntry {
  arch: MicroArch;
  seed: number;
  curve: number[];
  validationAccuracy: number;
  testAccuracy: number;
  parameters: number;
  seconds: number;
}

const opsKey = (ops: readonly CellOp[]) => ops.join('-');

/** The ops written as a string of indices into cellOps ("012012"). */
export const encodeOps = (ops: readonly CellOp[]) => ops.map((op) => cellOps.indexOf(op)).join('');

const decodeOps = (code: string, ops: readonly CellOp[]): CellOp[] =>
  Array.from(code, (digit) => ops[Number(digit)]);

/** The ops with every edge off all n0 -> n3 paths set to 'zero': equal for equivalent cells. */
export function canonicalOps(ops: readonly CellOp[]): CellOp[] {
  const live = new Set(liveEdges(ops));
  return ops.map((op, e) => (live.has(e) ? op : 'zero'));
}

/** Checks the parsed JSON's shape and indexes it; throws saying what is wrong. */
export function loadTable(json: unknown): Table {
  const file = json as TableFile;
  const problem = tableProblem(file);
  if (problem) throw new Error(`The NAS benchmark table is malformed: ${problem}.`);
  const index = new Map(file.archs.map((code, a) => [opsKey(decodeOps(code, file.ops)), a]));
  return { file, index };
}

function tableProblem(file: TableFile): string | null {
  if (!file || typeof file !== 'object') return 'not an object';
  if (file.version !== 1) return `version ${String(file.version)}, expected 1`;
  const keys = ['archs', 'rowOf', 'parameters', 'curves', 'test', 'seconds'] as const;
  const missing = keys.find((key) => !Array.isArray(file[key]));
  if (missing) return `"${missing}" is not an array`;
  if (file.rowOf.length !== file.archs.length) return 'rowOf and archs differ in length';
  const rows = file.parameters.length;
  if ([file.curves, file.test, file.seconds].some((a) => a.length !== rows))
    return 'the result arrays differ in length';
  if (file.rowOf.some((row) => !(row >= 0 && row < rows))) return 'a rowOf entry is out of range';
  const seeds = file.training?.seeds?.length ?? 0;
  if (file.curves.some((curve) => curve.length !== seeds)) return 'a row lacks a seed';
  return null;
}

/** Every architecture in the table, in file order. */
export const tableArchitectures = (table: Table): MicroArch[] =>
  table.file.archs.map((code) => ({ kind: 'micro', ops: decodeOps(code, table.file.ops) }));

/** The recorded result of `arch` for seed `seed`, or null when the table lacks either. */
export function lookup(table: Table, arch: MicroArch, seed: number): TableEntry | null {
  const a = table.index.get(opsKey(arch.ops));
  const s = table.file.training.seeds.indexOf(seed);
  if (a === undefined || s < 0) return null;
  const row = table.file.rowOf[a];
  const curve = table.file.curves[row][s];
  return {
    arch,
    seed,
    curve,
    validationAccuracy: curve.at(-1) ?? 0,
    testAccuracy: table.file.test[row][s],
    parameters: table.file.parameters[row],
    seconds: table.file.seconds[row][s],
  };
}

/**
 * Reads and indexes the table from the app's static data folder: pass the worker's
 * DatasetLoader (its `readJson` reads files beside the packed datasets, by fetch in a worker and
 * from disk in Node).
 */
export async function readTable(source: {
  readJson(file: string): Promise<unknown>;
}): Promise<Table> {
  return loadTable(await source.readJson(TABLE_FILE));
}
