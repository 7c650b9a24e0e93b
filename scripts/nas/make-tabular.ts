// Makes static/data/nas-bench-mnist.json, the /nas lab's tabular benchmark: trains every micro
// architecture with a path n0 -> n3 on the table's data (3000 MNIST digits at 7 x 7, one split),
// for each seed, with the settings of tableTraining (src/engine/nas/tabular.ts), on tfjs's WASM
// backend in one Node process (one core).
// Run: node scripts/nas/make-tabular.mjs [--limit N] [--out file]
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { readFile, writeFile } from 'node:fs/promises';
import { DatasetLoader } from '../../src/engine/data/load';
import { cellConnected } from '../../src/engine/nas/space';
import {
  canonicalOps,
  encodeOps,
  loadTable,
  tableDataOptions,
  tableFrame,
  tableSplit,
  tableTraining,
  tableTrainOptions,
  TABLE_FILE,
  type TableFile,
} from '../../src/engine/nas/tabular';
import { trainArchitecture } from '../../src/engine/nas/train';
import { cellOps, type CellOp } from '../../src/engine/nas/types';

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** Every op assignment of the 6 edges (3^6), in lexicographic order of op indices. */
function allCells(): CellOp[][] {
  const cells: CellOp[][] = [[]];
  for (let edge = 0; edge < 6; edge++) {
    cells.splice(0, cells.length, ...cells.flatMap((ops) => cellOps.map((op) => [...ops, op])));
  }
  return cells;
}

export async function main(argv: string[]): Promise<number> {
  const option = (name: string) => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const limit = Number(option('--limit') ?? Infinity);
  const out = option('--out') ?? `static/data/${TABLE_FILE}`;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  await tf.setBackend(tableTraining.backend);
  const loader = new DatasetLoader({
    read: async (file) => new Uint8Array(await readFile(`static/data/${file}`)),
  });
  const dataset = await loader.load(tableTraining.dataset, tableDataOptions);
  const split = tableSplit(dataset);

  const archs = allCells().filter(cellConnected);
  const rowKeys: string[] = [];
  const rowOf = archs.map((ops) => {
    const key = encodeOps(canonicalOps(ops));
    if (!rowKeys.includes(key)) rowKeys.push(key);
    return rowKeys.indexOf(key);
  });
  const rows = rowKeys.slice(0, limit);
  console.log(
    `${archs.length} architectures, ${rowKeys.length} distinct networks; training ${rows.length} x ${tableTraining.seeds.length} seeds`,
  );

  const file: TableFile = {
    version: 1,
    training: tableTraining,
    ops: cellOps,
    archs: archs.map(encodeOps),
    rowOf,
    parameters: [],
    curves: [],
    test: [],
    seconds: [],
  };
  const started = performance.now();
  for (const [r, key] of rows.entries()) {
    const ops = Array.from(key, (digit) => cellOps[Number(digit)]);
    const curves: number[][] = [];
    const test: number[] = [];
    const seconds: number[] = [];
    for (const seed of tableTraining.seeds) {
      const cpu = process.cpuUsage();
      const result = await trainArchitecture(
        { kind: 'micro', ops },
        tableFrame(seed),
        { dataset, split },
        tableTrainOptions,
      );
      const used = process.cpuUsage(cpu);
      curves.push(result.curve.map((value) => round(value, 4)));
      test.push(round(result.testAccuracy, 4));
      seconds.push(round((used.user + used.system) / 1e6, 2));
      if (seed === tableTraining.seeds[0]) file.parameters.push(result.parameters);
    }
    file.curves.push(curves);
    file.test.push(test);
    file.seconds.push(seconds);
    const elapsed = (performance.now() - started) / 1000;
    console.log(
      `${r + 1}/${rows.length} ${key} test ${test.join(' ')} cpu ${seconds.join(' ')} s; ${elapsed.toFixed(0)} s elapsed`,
    );
  }
  if (rows.length < rowKeys.length) {
    console.log(`--limit: not writing a partial table`);
    return 0;
  }
  loadTable(file);
  const text = JSON.stringify(file);
  await writeFile(out, text + '\n');
  const total = file.seconds.flat().reduce((a, b) => a + b, 0);
  console.log(
    `wrote ${out}: ${text.length} bytes; ${total.toFixed(0)} CPU seconds training, ${((performance.now() - started) / 1000).toFixed(0)} s wall`,
  );
  return 0;
}
