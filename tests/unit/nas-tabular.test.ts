import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { spearman } from '../../src/engine/metrics';
import { parameterCount } from '../../src/engine/nas/network';
import {
  canonicalOps,
  loadTable,
  lookup,
  readTable,
  tableArchitectures,
  tableDataOptions,
  tableFrame,
  tableSplit,
  tableTraining,
  tableTrainOptions,
  TABLE_FILE,
  type Table,
} from '../../src/engine/nas/tabular';
import { trainArchitecture } from '../../src/engine/nas/train';
import { cellOps, type CellOp, type MicroArch } from '../../src/engine/nas/types';
import { diskLoader } from './node-data-source';

let table: Table;

beforeAll(async () => {
  table = loadTable(JSON.parse(await readFile(`static/data/${TABLE_FILE}`, 'utf8')));
});

/** Every cell of the micro space (3^6) with a path n0 -> n3, by brute force over the 4 paths. */
function cellsWithPath(): CellOp[][] {
  const paths = [[3], [0, 4], [1, 5], [0, 2, 5]]; // 0->3, 0->1->3, 0->2->3, 0->1->2->3
  const cells: CellOp[][] = [];
  for (let code = 0; code < 3 ** 6; code++) {
    const ops = Array.from({ length: 6 }, (_, e) => cellOps[Math.floor(code / 3 ** e) % 3]);
    if (paths.some((path) => path.every((e) => ops[e] !== 'zero'))) cells.push(ops);
  }
  return cells;
}

describe(`the tabular benchmark (static/data/${TABLE_FILE})`, () => {
  it('holds every architecture with a path n0 -> n3, and no other', () => {
    const expected = cellsWithPath();
    expect(expected).toHaveLength(662);
    const archs = tableArchitectures(table);
    expect(new Set(archs.map((a) => a.ops.join('-')))).toEqual(
      new Set(expected.map((ops) => ops.join('-'))),
    );
    expect(archs).toHaveLength(662);
    const noPath: MicroArch = {
      kind: 'micro',
      ops: ['dense', 'dense', 'dense', 'zero', 'zero', 'zero'],
    };
    expect(lookup(table, noPath, 0)).toBeNull();
  });

  it('has every seed of every architecture: curves of the stated length, accuracies in [0, 1]', () => {
    const { seeds, epochs } = tableTraining;
    expect(table.file.training).toEqual(tableTraining);
    for (const arch of tableArchitectures(table)) {
      for (const seed of seeds) {
        const entry = lookup(table, arch, seed)!;
        expect(entry.curve).toHaveLength(epochs);
        for (const value of [...entry.curve, entry.testAccuracy]) {
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(1);
        }
        expect(entry.parameters).toBe(parameterCount(arch, tableFrame(seed)));
        expect(entry.seconds).toBeGreaterThan(0);
      }
    }
    expect(lookup(table, tableArchitectures(table)[0], 3)).toBeNull();
  });

  it('shares result rows only between architectures with the same live edges', () => {
    const archs = tableArchitectures(table);
    const canonical = new Map<number, string>();
    archs.forEach((arch, a) => {
      const key = canonicalOps(arch.ops).join('-');
      const row = table.file.rowOf[a];
      expect(canonical.get(row) ?? key).toBe(key);
      canonical.set(row, key);
    });
    expect(new Set(canonical.values()).size).toBe(table.file.parameters.length);
  });

  it('ranks architectures sensibly: the mean test accuracy is well above chance', () => {
    const tests = table.file.test.flat();
    expect(tests.reduce((s, v) => s + v, 0) / tests.length).toBeGreaterThan(0.8);
  });

  it('separates architectures: the seeds rank the networks alike, and a linear cell ranks low', () => {
    const finals = table.file.curves.map((row) => row.map((curve) => curve.at(-1)!));
    const { seeds } = tableTraining;
    for (let a = 0; a < seeds.length; a++)
      for (let b = a + 1; b < seeds.length; b++)
        expect(
          spearman(
            finals.map((row) => row[a]),
            finals.map((row) => row[b]),
          ),
        ).toBeGreaterThan(0.3);
    // A cell of one skip makes the whole network linear (the stem is linear): below the median.
    const means = finals.map((row) => row.reduce((s, v) => s + v, 0) / row.length);
    const linear: MicroArch = {
      kind: 'micro',
      ops: ['zero', 'zero', 'zero', 'skip', 'zero', 'zero'],
    };
    const median = [...means].sort((x, y) => x - y)[Math.floor(means.length / 2)];
    expect(means[table.file.rowOf[table.index.get(linear.ops.join('-'))!]]).toBeLessThan(median);
  });

  it('reads through the data loader, as the worker does', async () => {
    const read = await readTable(diskLoader());
    expect(read.file.archs).toEqual(table.file.archs);
  });

  it(`reproduces a row when re-trained with the same seed on the table's backend (${tableTraining.backend})`, async () => {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    await tf.setBackend(tableTraining.backend);
    const dataset = await diskLoader().load(tableTraining.dataset, tableDataOptions);
    const arch: MicroArch = {
      kind: 'micro',
      ops: ['zero', 'dense', 'zero', 'skip', 'zero', 'dense'],
    };
    const seed = tableTraining.seeds[1];
    const result = await trainArchitecture(
      arch,
      tableFrame(seed),
      { dataset, split: tableSplit(dataset) },
      tableTrainOptions,
    );
    const entry = lookup(table, arch, seed)!;
    result.curve.forEach((value, epoch) =>
      expect(Math.abs(value - entry.curve[epoch])).toBeLessThanOrEqual(1e-4),
    );
    expect(Math.abs(result.testAccuracy - entry.testAccuracy)).toBeLessThanOrEqual(1e-4);
    await tf.setBackend('cpu');
  });
});
