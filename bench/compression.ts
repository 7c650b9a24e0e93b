import type { DatasetLoader } from '../src/engine/data/load';
import { runPruning } from '../src/engine/pruning/run';
import { runQuantization } from '../src/engine/quantization/run';
import { outputBuffer, uploadBuffer } from '../src/kernels/gpu/buffers';
import {
  runInt8Matmul,
  int8DotPath,
  type Int8DotPath,
} from '../src/kernels/int8-matmul/int8-matmul';
import { packInt8Columns, packInt8Rows } from '../src/kernels/int8-matmul/pack';
import { runMatmul } from '../src/kernels/matmul/matmul';
import { medianMs, printTable } from './timing';

const points = (a: number, b: number) => ((a - b) * 100).toFixed(2);

/**
 * The CNN rows' settings: the small CNN (8 then 16 filters, the default hidden layers) at the
 * default epochs on all 10,000 MNIST rows, on the backend the bench chose (WASM on a machine
 * without a GPU: conv-ops.ts's gradients need no Conv2DBackpropFilter; ~3.5 ms per row-epoch on
 * 2 busy cores against ~30 on tfjs's CPU backend, so a seed takes 4-7 minutes per lab).
 */
export const CNN_BENCH = { model: 'cnn' } as const;
/**
 * Pruning's CNN rows: one magnitude threshold across the layers (scope 'global'), as a per-layer
 * 80% leaves the first conv about 2 of 9 weights per filter; the sparsity is over all kernels.
 */
const CNN_PRUNING = { ...CNN_BENCH, scope: 'global' };
/** Quantization's CNN rows compare 8 and 4 bits only (the bit widths the table reports). */
const CNN_BITS = [8, 4];

/** One seed of /quantization: accuracies of the variants the table reports, and sizes. */
async function quantizationRow(loader: DatasetLoader, model: 'mlp' | 'cnn', seed: number) {
  const config = model === 'cnn' ? { ...CNN_BENCH, bits: CNN_BITS, seed } : { seed };
  const r = await runQuantization(config, { data: loader });
  const v = Object.fromEntries(r.variants.map((x) => [x.id, x]));
  const lost = v.float32.accuracy - v['ptq-4'].accuracy;
  return {
    model,
    seed,
    backend: r.backend,
    float32: v.float32.accuracy,
    dynamicInt8: v['dynamic-int8'].accuracy,
    sizeRatio: v.float32.bytes / v['dynamic-int8'].bytes,
    ptq8: v['ptq-8'].accuracy,
    ptq4: v['ptq-4'].accuracy,
    qat4: v['qat-4'].accuracy,
    /** The same fine-tuning at 8 bits: how much QAT gains from the extra epochs alone. */
    qat8: v['qat-8']?.accuracy ?? null,
    recovered: lost > 0 ? (v['qat-4'].accuracy - v['ptq-4'].accuracy) / lost : null,
    integerEngine: v['ptq-8'].engine,
    seconds: r.seconds,
  };
}

type QuantizationRow = Awaited<ReturnType<typeof quantizationRow>>;

function printQuantization(title: string, rows: QuantizationRow[]) {
  printTable(
    title,
    [
      'seed',
      'float32',
      'dyn int8 (pts)',
      'size ratio',
      'PTQ 8 (pts)',
      'PTQ 4 (pts)',
      'QAT 4 (pts)',
      'recovered',
      'QAT 8 (pts)',
      's',
    ],
    rows.map((r) => [
      r.seed,
      (r.float32 * 100).toFixed(2),
      points(r.dynamicInt8, r.float32),
      `${r.sizeRatio.toFixed(2)}x`,
      points(r.ptq8, r.float32),
      points(r.ptq4, r.float32),
      points(r.qat4, r.float32),
      r.recovered === null ? 'n/a (no loss)' : `${(r.recovered * 100).toFixed(0)}%`,
      r.qat8 === null ? '-' : points(r.qat8, r.float32),
      r.seconds.toFixed(0),
    ]),
  );
}

const QUANTIZATION_TARGETS =
  'targets: dynamic int8 loses <= 0.5 points at ~4x smaller; QAT at 4 bits recovers >= half of PTQ 4-bit loss';

/**
 * /quantization per seed, on an MNIST MLP (default settings: 784-256-128-10, 5 float epochs, QAT
 * 2 epochs per bit width) and on the small CNN (CNN_BENCH, bits 8 and 4):
 * dynamic-range int8 against float32 (accuracy and file size), and how much of post-training
 * quantization's 4-bit loss quantization-aware training wins back. Returns the MLP rows, then
 * the CNN rows.
 */
export async function benchQuantization(loader: DatasetLoader, seeds: number[], cnnSeeds = seeds) {
  const mlp: QuantizationRow[] = [];
  for (const seed of seeds) mlp.push(await quantizationRow(loader, 'mlp', seed));
  printQuantization(
    `Quantization of an MNIST MLP (default settings), test accuracy per seed (${QUANTIZATION_TARGETS})`,
    mlp,
  );
  return [...mlp, ...(await benchQuantizationCnn(loader, cnnSeeds))];
}

/** The CNN rows of benchQuantization. */
export async function benchQuantizationCnn(loader: DatasetLoader, seeds: number[]) {
  const cnn: QuantizationRow[] = [];
  for (const seed of seeds) cnn.push(await quantizationRow(loader, 'cnn', seed));
  printQuantization(
    `Quantization of a small MNIST CNN (conv 8, conv 16, dense 256-128-10; default epochs; all 10,000 MNIST rows; bits 8 and 4; tfjs ${cnn[0]?.backend} backend), test accuracy per seed (${QUANTIZATION_TARGETS})`,
    cnn,
  );
  return cnn;
}

/** One seed of /pruning to 80% (after training, polynomial decay), without the sweep's fine-tuning. */
async function pruningRow(loader: DatasetLoader, model: 'mlp' | 'cnn', seed: number) {
  const base = { seed, sweepEpochs: 0, sweep: [80] };
  const r = await runPruning(model === 'cnn' ? { ...base, ...CNN_PRUNING } : base, {
    data: loader,
  });
  const size = Object.fromEntries(r.sizes.map((s) => [s.id, s]));
  return {
    model,
    seed,
    backend: r.backend,
    dense: r.dense.accuracy,
    pruned: r.pruned.accuracy,
    scope: r.settings.scope,
    layers: r.settings.layers,
    /** Zeros / weights over all kernels, and over the pruned layers' (equal when all are). */
    sparsity: r.pruned.overall,
    overPruned: r.pruned.overPruned,
    perLayer: r.pruned.perLayer,
    gzipRatio: size.dense.gzipBytes / size.pruned.gzipBytes,
    gzipRatioInt8: size.dense.gzipBytes / size['pruned-int8'].gzipBytes,
    denseMs: r.inference.denseMsPer1000,
    sparseMs: r.inference.sparseMsPer1000,
    sparseEngine: r.inference.sparseEngine,
    seconds: r.seconds,
  };
}

type PruningRow = Awaited<ReturnType<typeof pruningRow>>;

function printPruning(title: string, rows: PruningRow[]) {
  printTable(
    title,
    [
      'seed',
      'dense',
      'pruned (pts)',
      'sparsity (all kernels)',
      'per layer',
      'gzip dense / pruned',
      '+ int8',
      'dense ms/1000',
      'CSR ms/1000',
      's',
    ],
    rows.map((r) => [
      r.seed,
      (r.dense * 100).toFixed(2),
      points(r.pruned, r.dense),
      r.sparsity.toFixed(3),
      r.perLayer.map((p) => p.toFixed(2)).join(' '),
      `${r.gzipRatio.toFixed(2)}x`,
      `${r.gzipRatioInt8.toFixed(2)}x`,
      r.denseMs.toFixed(1),
      `${r.sparseMs.toFixed(1)} (${r.sparseEngine})`,
      r.seconds.toFixed(0),
    ]),
  );
}

const PRUNING_TARGETS = 'targets: <= 1 point lost; gzip >= 3x smaller than dense';

/**
 * /pruning per seed at its default settings (prune the trained model to 80% with polynomial decay
 * while fine-tuning), on LeNet-300-100 and on the small CNN (CNN_PRUNING: one global threshold
 * over every conv and dense kernel): accuracy lost, gzip size against dense, and dense tfjs
 * inference against the CSR path (the CNN's convolutions as im2col products). Returns the MLP
 * rows, then the CNN rows.
 */
export async function benchPruning(loader: DatasetLoader, seeds: number[], cnnSeeds = seeds) {
  const mlp: PruningRow[] = [];
  for (const seed of seeds) mlp.push(await pruningRow(loader, 'mlp', seed));
  printPruning(
    `Pruning LeNet-300-100 on MNIST to 80% (default settings), per seed (${PRUNING_TARGETS})`,
    mlp,
  );
  return [...mlp, ...(await benchPruningCnn(loader, cnnSeeds))];
}

/** The CNN rows of benchPruning. */
export async function benchPruningCnn(loader: DatasetLoader, seeds: number[]) {
  const cnn: PruningRow[] = [];
  for (const seed of seeds) cnn.push(await pruningRow(loader, 'cnn', seed));
  printPruning(
    `Pruning a small MNIST CNN (conv 8, conv 16, dense 300-100-10; default settings on all 10,000 MNIST rows but one global threshold across the layers; tfjs ${cnn[0]?.backend} backend) to 80% of all kernels, per seed (${PRUNING_TARGETS})`,
    cnn,
  );
  return cnn;
}

/**
 * Our int8 kernel (both paths) against our float32 tiled matmul on the same adapter: square
 * n x n products, timed from submission to queue completion, median of `runs`.
 */
export async function benchInt8Matmul(device: GPUDevice, sizes: number[], runs: number) {
  const idle = () => device.queue.onSubmittedWorkDone();
  const rows = [];
  const paths: Int8DotPath[] =
    int8DotPath() === 'dot4I8Packed' ? ['dot4I8Packed', 'portable'] : ['portable'];
  for (const n of sizes) {
    const floats = Float32Array.from({ length: n * n }, (_, i) => Math.sin(i));
    const ints = Int8Array.from(floats, (f) => Math.round(f * 127));
    const a = uploadBuffer(device, floats);
    const c = outputBuffer(device, n * n);
    const floatMs = await medianMs(async () => {
      runMatmul(device, { a, b: a, bias: null, c }, { m: n, k: n, n }, 'linear');
      await idle();
    }, runs);
    const asFloats = (w: Uint32Array) => new Float32Array(w.buffer, w.byteOffset, w.length);
    const packedA = uploadBuffer(device, asFloats(packInt8Rows(ints, n, n)));
    const packedB = uploadBuffer(device, asFloats(packInt8Columns(ints, n, n)));
    const int8Ms: Record<string, number> = {};
    for (const path of paths)
      int8Ms[path] = await medianMs(async () => {
        runInt8Matmul(device, { a: packedA, bT: packedB, c }, { m: n, k: n, n }, path);
        await idle();
      }, runs);
    [a, c, packedA, packedB].forEach((b) => b.destroy());
    rows.push({ size: n, floatMs, int8Ms });
  }
  printTable(
    'int8 x int8 -> int32 kernel vs our float32 matmul kernel, same adapter, n x n (median ms)',
    ['n', 'float32', ...paths.map((p) => `int8 ${p}`), ...paths.map((p) => `float32 / ${p}`)],
    rows.map((r) => [
      r.size,
      r.floatMs.toFixed(1),
      ...paths.map((p) => r.int8Ms[p].toFixed(1)),
      ...paths.map((p) => `${(r.floatMs / r.int8Ms[p]).toFixed(2)}x`),
    ]),
  );
  return rows;
}
