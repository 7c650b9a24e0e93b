import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildNetwork, parameterCount, type NasNetwork } from '../../src/engine/nas/network';
import { cellConnected, liveEdges } from '../../src/engine/nas/space';
import {
  CELL_EDGES,
  cellOps,
  type Architecture,
  type CellOp,
  type MacroArch,
  type MicroArch,
  type NetworkFrame,
} from '../../src/engine/nas/types';
import { createRng } from '../../src/engine/rng';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const frame: NetworkFrame = {
  inputs: 12,
  outputs: 5,
  width: 8,
  cells: 2,
  widthMultiplier: 1,
  seed: 7,
};
const micro = (...ops: CellOp[]): MicroArch => ({ kind: 'micro', ops });
const macro: MacroArch = {
  kind: 'macro',
  layers: [
    { width: 10, activation: 'relu', skip: true },
    { width: 10, activation: 'tanh', skip: true },
    { width: 6, activation: 'elu', skip: false },
    { width: 4, activation: 'sigmoid', skip: true },
  ],
};

/** Plain-JS reference: matrices as number[][] from the variables. */
const matrix = (t: tf.Tensor): number[][] => t.arraySync() as number[][];
const vector = (t: tf.Tensor): number[] => t.arraySync() as number[];
const affine = (h: number[], w: number[][], b?: number[]) =>
  w[0].map((_, j) => h.reduce((s, v, i) => s + v * w[i][j], b ? b[j] : 0));
const acts: Record<string, (v: number) => number> = {
  relu: (v) => Math.max(0, v),
  tanh: Math.tanh,
  elu: (v) => (v > 0 ? v : Math.exp(v) - 1),
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
};

/** The forward pass written out per the documented formulas, one row at a time. */
function referenceForward(net: NasNetwork, x: number[]): number[] {
  const w = net.weights;
  const dense = (h: number[], layer: { kernel: tf.Tensor; bias: tf.Tensor }) =>
    affine(h, matrix(layer.kernel), vector(layer.bias));
  if (w.kind === 'macro') {
    let h = x;
    for (const layer of w.layers) {
      const z = dense(h, layer).map(acts[layer.activation]);
      const skip =
        layer.skip === null ? null : layer.skip === 'identity' ? h : affine(h, matrix(layer.skip));
      h = skip ? z.map((v, j) => v + skip[j]) : z;
    }
    return dense(h, w.head);
  }
  const ops = (net.arch as MicroArch).ops;
  const stem = dense(x, w.stem);
  let h = net.frame.stemActivation === 'linear' ? stem : stem.map(acts.relu);
  for (const cell of w.cells) {
    // An empty node (null) contributes nothing through any op.
    const nodes: (number[] | null)[] = [h, null, null, null];
    CELL_EDGES.forEach(([from, to], e) => {
      const input = nodes[from];
      if (ops[e] === 'zero' || input === null) return;
      const out = ops[e] === 'skip' ? input : dense(input, cell[e]!).map(acts.relu);
      nodes[to] = nodes[to] ? nodes[to]!.map((v, j) => v + out[j]) : out;
    });
    h = nodes[3] ?? h.map(() => 0);
  }
  return dense(h, w.head);
}

function randomRows(rows: number, columns: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: rows }, () => Array.from({ length: columns }, () => rng.normal()));
}

const archs: Architecture[] = [
  micro('dense', 'dense', 'dense', 'dense', 'dense', 'dense'),
  micro('skip', 'skip', 'skip', 'skip', 'skip', 'skip'),
  micro('zero', 'zero', 'zero', 'dense', 'zero', 'zero'),
  micro('dense', 'zero', 'skip', 'zero', 'zero', 'dense'),
  // Edge 1->3 is dense but n1 is empty (0->1 is zero): a dead edge, no weights.
  micro('zero', 'skip', 'zero', 'zero', 'dense', 'dense'),
  micro('zero', 'zero', 'zero', 'zero', 'zero', 'zero'),
  macro,
  { kind: 'macro', layers: [{ width: 3, activation: 'tanh', skip: false }] },
];

describe('live edges', () => {
  it('keeps the non-zero edges on a path n0 -> n3', () => {
    expect(liveEdges(['dense', 'dense', 'dense', 'dense', 'dense', 'dense'])).toEqual([
      0, 1, 2, 3, 4, 5,
    ]);
    expect(liveEdges(['zero', 'skip', 'zero', 'zero', 'dense', 'dense'])).toEqual([1, 5]);
    // 0->1 leads nowhere (1->2 and 1->3 are zero).
    expect(liveEdges(['dense', 'zero', 'zero', 'skip', 'zero', 'zero'])).toEqual([3]);
    expect(liveEdges(['dense', 'dense', 'dense', 'zero', 'zero', 'zero'])).toEqual([]);
  });

  it('finds a path in 662 of the 729 cells (3^6 minus the cells with no n0 -> n3 path)', () => {
    // Count by brute force: a cell has a path iff some sequence 0 -> ... -> 3 uses non-zero edges.
    const paths = [[3], [0, 4], [1, 5], [0, 2, 5]]; // edge indices of the 4 paths 0->3
    let withPath = 0;
    let matches = 0;
    for (let code = 0; code < 729; code++) {
      const ops = Array.from({ length: 6 }, (_, e) => cellOps[Math.floor(code / 3 ** e) % 3]);
      const brute = paths.some((path) => path.every((e) => ops[e] !== 'zero'));
      if (brute) withPath++;
      if (brute === cellConnected(ops)) matches++;
    }
    expect(withPath).toBe(662);
    expect(matches).toBe(729);
  });
});

describe('buildNetwork', () => {
  it('counts parameters by the formula, without building and as built', () => {
    const w = 8;
    const dense = (i: number, o: number) => i * o + o;
    const expected = [
      dense(12, w) + 2 * 6 * dense(w, w) + dense(w, 5),
      dense(12, w) + dense(w, 5),
      dense(12, w) + 2 * dense(w, w) + dense(w, 5),
      dense(12, w) + 2 * 2 * dense(w, w) + dense(w, 5),
      dense(12, w) + 2 * 1 * dense(w, w) + dense(w, 5),
      dense(12, w) + dense(w, 5),
      // 12 -> 10 (projection 12x10), 10 -> 10 (identity), 10 -> 6, 6 -> 4 (projection 6x4), head.
      dense(12, 10) + 120 + dense(10, 10) + dense(10, 6) + dense(6, 4) + 24 + dense(4, 5),
      dense(12, 3) + dense(3, 5),
    ];
    archs.forEach((arch, k) => {
      const net = buildNetwork(arch, frame);
      expect(parameterCount(arch, frame)).toBe(expected[k]);
      expect(net.parameterCount).toBe(expected[k]);
      net.dispose();
    });
  });

  it('scales widths by the multiplier (rounded, at least 1)', () => {
    const half = { ...frame, widthMultiplier: 0.5 };
    const net = buildNetwork(macro, half);
    const weights = net.weights;
    if (weights.kind !== 'macro') throw new Error('macro expected');
    expect(weights.layers.map((l) => l.kernel.shape)).toEqual([
      [12, 5],
      [5, 5],
      [5, 3],
      [3, 2],
    ]);
    expect(parameterCount(macro, half)).toBe(net.parameterCount);
    const tiny = { ...frame, widthMultiplier: 0.01 };
    expect(parameterCount(micro('dense', 'zero', 'zero', 'zero', 'dense', 'zero'), tiny)).toBe(
      12 + 1 + 2 * (1 + 1) * 2 + (1 + 1) * 5,
    );
    net.dispose();
  });

  it('draws Glorot-uniform kernels within +-sqrt(6 / (fanIn + fanOut)), zero biases, the same for the same seed', () => {
    const a = buildNetwork(macro, frame);
    const b = buildNetwork(macro, frame);
    const c = buildNetwork(macro, { ...frame, seed: 8 });
    const scaled: number[] = [];
    for (const v of a.variables) {
      const values = Array.from(v.dataSync());
      if (v.rank === 1) expect(Math.max(...values.map(Math.abs))).toBe(0);
      else {
        const limit = Math.sqrt(6 / (v.shape[0] + v.shape[1]!));
        scaled.push(...values.map((x) => Math.abs(x) / limit));
      }
    }
    // |w| / r is uniform on [0, 1): never above 1, mean 1/2 (standard error here ~0.01).
    expect(Math.max(...scaled)).toBeLessThan(1);
    expect(scaled.reduce((s, x) => s + x, 0) / scaled.length).toBeCloseTo(0.5, 1);
    expect(a.variables.map((v) => Array.from(v.dataSync()))).toEqual(
      b.variables.map((v) => Array.from(v.dataSync())),
    );
    expect(Array.from(a.variables[0].dataSync())).not.toEqual(
      Array.from(c.variables[0].dataSync()),
    );
    [a, b, c].forEach((n) => n.dispose());
  });

  it('computes the documented forward pass for every op and a few architectures', () => {
    const rows = randomRows(3, 12, 1);
    const linearStem: NetworkFrame = { ...frame, stemActivation: 'linear' };
    const cases = [
      ...archs.map((arch) => [arch, frame] as const),
      ...archs.filter((a) => a.kind === 'micro').map((arch) => [arch, linearStem] as const),
    ];
    for (const [arch, frame] of cases) {
      const net = buildNetwork(arch, frame);
      // Non-zero biases so that the reference checks them too.
      const rng = createRng(2);
      for (const v of net.variables) {
        if (v.rank === 1)
          tf.tidy(() => v.assign(tf.tensor1d(Array.from({ length: v.size }, () => rng.normal()))));
      }
      const out = net.forward(tf.tensor2d(rows), false);
      expect(out.shape).toEqual([3, 5]);
      const values = out.arraySync() as number[][];
      rows.forEach((row, r) => {
        referenceForward(net, row).forEach((v, j) => expect(values[r][j]).toBeCloseTo(v, 4));
      });
      out.dispose();
      net.dispose();
    }
  });

  it('with a linear stem, a cell of skips makes the network affine: f(a + b) = f(a) + f(b) - f(0)', () => {
    const linearStem: NetworkFrame = { ...frame, stemActivation: 'linear' };
    const net = buildNetwork(micro('skip', 'skip', 'skip', 'skip', 'zero', 'skip'), linearStem);
    const [a, b] = randomRows(2, 12, 5);
    const rows = [a, b, a.map((v, i) => v + b[i]), a.map(() => 0)];
    const [fa, fb, fab, f0] = net.forward(tf.tensor2d(rows), false).arraySync() as number[][];
    fab.forEach((v, j) => expect(v).toBeCloseTo(fa[j] + fb[j] - f0[j], 4));
    // The ReLU stem is not: some output differs.
    const relu = buildNetwork(micro('skip', 'skip', 'skip', 'skip', 'zero', 'skip'), frame);
    const [ra, rb, rab, r0] = relu.forward(tf.tensor2d(rows), false).arraySync() as number[][];
    expect(Math.max(...rab.map((v, j) => Math.abs(v - (ra[j] + rb[j] - r0[j]))))).toBeGreaterThan(
      1e-2,
    );
    net.dispose();
    relu.dispose();
  });

  it('a cell without a path n0 -> n3 ignores its input', () => {
    const net = buildNetwork(micro('dense', 'dense', 'dense', 'zero', 'zero', 'zero'), frame);
    const out = net.forward(tf.tensor2d(randomRows(4, 12, 3)), false).arraySync() as number[][];
    // Zero biases: the head sees zeros, so every logit is 0 for every row.
    expect(out.flat().every((v) => v === 0)).toBe(true);
    net.dispose();
  });

  it('leaves the tensor count where it was after building, running and disposing', () => {
    const before = tf.memory().numTensors;
    for (const arch of archs) {
      const net = buildNetwork(arch, frame);
      const x = tf.tensor2d(randomRows(2, 12, 4));
      tf.dispose([net.forward(x, true), x]);
      net.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
