import { DatasetLoader } from '../src/engine/data/load';
import { runDistillation, type DistillationResult } from '../src/engine/distillation/run';
import { printTable } from './timing';

export interface DistillationRow {
  seed: number;
  transferSet: 'all' | 'without-digit';
  teacherErrors: number;
  scratchErrors: number;
  distilledErrors: number;
  testRows: number;
  /** For the missing-digit runs: test images of that digit, and the distilled student's hits. */
  missingDigitRows?: number;
  distilledCorrectBefore?: number;
  distilledCorrectAfter?: number;
  scratchCorrectAfter?: number;
}

/**
 * The lab's default settings on MNIST, per seed: the transfer set with every training row, and
 * without the digit 3. The teacher is trained once per seed (both runs share it through the cache).
 */
export async function benchDistillation(
  loader: DatasetLoader,
  seeds: number[],
): Promise<DistillationRow[]> {
  const store = new Map<string, unknown>();
  const cache = {
    get: async (key: string) => store.get(key),
    set: async (key: string, value: unknown) => void store.set(key, value),
  };
  const rows: DistillationRow[] = [];
  for (const seed of seeds) {
    for (const transferSet of ['all', 'without-digit'] as const) {
      const r: DistillationResult = await runDistillation(
        { seed, transferSet },
        { data: loader, cache },
      );
      rows.push({
        seed,
        transferSet,
        teacherErrors: r.teacher.testErrors,
        scratchErrors: r.scratch.testErrors,
        distilledErrors: r.distilled.testErrors,
        testRows: r.teacher.testRows,
        missingDigitRows: r.missingDigit?.testRows,
        distilledCorrectBefore: r.missingDigit?.distilled.correctBefore,
        distilledCorrectAfter: r.missingDigit?.distilled.correctAfter,
        scratchCorrectAfter: r.missingDigit?.scratch.correctAfter,
      });
    }
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const all = rows.filter((r) => r.transferSet === 'all');
  const missing = rows.filter((r) => r.transferSet === 'without-digit');
  printTable(
    'Distillation on MNIST (default settings), test errors per seed',
    [
      'seed',
      'transfer set',
      'teacher',
      'scratch',
      'distilled',
      'distilled / scratch',
      'unseen 3s right (distilled, before -> after bias shift)',
      'scratch after shift',
    ],
    rows.map((r) => [
      r.seed,
      r.transferSet,
      `${r.teacherErrors}/${r.testRows}`,
      r.scratchErrors,
      r.distilledErrors,
      (r.distilledErrors / r.scratchErrors).toFixed(2),
      r.missingDigitRows
        ? `${r.distilledCorrectBefore} -> ${r.distilledCorrectAfter} of ${r.missingDigitRows}`
        : '',
      r.missingDigitRows ? `${r.scratchCorrectAfter}` : '',
    ]),
  );
  console.log(
    `\nMean over ${seeds.length} seeds, all rows: scratch ${mean(all.map((r) => r.scratchErrors)).toFixed(1)} errors, distilled ${mean(all.map((r) => r.distilledErrors)).toFixed(1)}: ratio ${(mean(all.map((r) => r.distilledErrors)) / mean(all.map((r) => r.scratchErrors))).toFixed(2)} (target: at most 0.9).` +
      `\nMissing digit: the distilled student gets ${(100 * mean(missing.map((r) => r.distilledCorrectAfter! / r.missingDigitRows!))).toFixed(0)}% of the unseen digit right after the bias shift (target: a clear majority).`,
  );
  return rows;
}
