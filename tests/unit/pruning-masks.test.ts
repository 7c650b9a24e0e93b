import { applyMaskCpu } from '../../src/kernels/prune-mask/apply-mask-cpu';
import { describe, expect, it } from 'vitest';
import {
  achievedSparsity,
  effectiveTargetSparsity,
  globalMasks,
  keptCount,
  layerMasks,
  magnitudeMask,
  selectedMasks,
  sparsitySummary,
  type LayerWeights,
} from '../../src/engine/pruning/masks';
import { createRng } from '../../src/engine/rng';

function randomLayer(inputs: number, units: number, scale: number, seed: number): LayerWeights {
  const rng = createRng(seed);
  const weights = Float32Array.from({ length: inputs * units }, () => scale * rng.normal());
  return { weights, shape: [inputs, units] };
}

/** Every pruned |w| is at most every kept |w|: the mask is a magnitude threshold. */
function expectThreshold(weights: Float32Array[], masks: Uint8Array[]): void {
  let maxPruned = 0;
  let minKept = Infinity;
  weights.forEach((w, l) =>
    w.forEach((v, i) => {
      if (masks[l][i]) minKept = Math.min(minKept, Math.abs(v));
      else maxPruned = Math.max(maxPruned, Math.abs(v));
    }),
  );
  expect(maxPruned).toBeLessThanOrEqual(minKept);
}

describe('unstructured magnitude masks', () => {
  it('prunes the smallest |w| by hand, ties kept by lower index', () => {
    const mask = magnitudeMask(Float32Array.of(0.5, -0.1, 0.1, -0.3), [4, 1], 0.5, {
      kind: 'unstructured',
    });
    expect([...mask]).toEqual([1, 0, 0, 1]);
    const ties = magnitudeMask(Float32Array.of(0.2, -0.2, 0.2, 0.2), [2, 2], 0.5, {
      kind: 'unstructured',
    });
    expect([...ties]).toEqual([1, 1, 0, 0]);
  });

  it('counts survivors as TF MOT: max(1, round-half-even(n (1 - s)))', () => {
    expect(keptCount(10, 0.25)).toBe(8); // 7.5 -> 8
    expect(keptCount(6, 0.25)).toBe(4); // 4.5 -> 4
    expect(keptCount(10, 0.99)).toBe(1); // 0.1 -> 0, but one weight always survives
    expect(keptCount(1000, 0)).toBe(1000);
    expect(keptCount(0, 0.5)).toBe(0);
  });

  it.each([0, 0.1, 0.5, 0.8, 0.95, 0.999])('achieves sparsity %s to within one weight', (s) => {
    const layer = randomLayer(37, 11, 1, 7);
    const mask = magnitudeMask(layer.weights, layer.shape, s, { kind: 'unstructured' });
    expect(Math.abs(achievedSparsity(mask) - s)).toBeLessThanOrEqual(1 / mask.length);
    expectThreshold([layer.weights], [mask]);
    const pruned = applyMaskCpu(layer.weights, mask);
    // A pruned negative weight is -0 (w * 0): compare values, not signs of zero.
    pruned.forEach((w, i) => expect(w + 0).toBe(mask[i] ? layer.weights[i] : 0));
  });

  it('refuses 100% and sizes that do not match the shape', () => {
    const w = new Float32Array(8);
    expect(() => magnitudeMask(w, [4, 2], 1, { kind: 'unstructured' })).toThrow(
      /^A target sparsity of 100% would remove every weight/,
    );
    expect(() => magnitudeMask(w, [3, 2], 0.5, { kind: 'unstructured' })).toThrow(/not 3x2/);
  });
});

describe('block masks (mean |w| per tile of W^T [units, inputs])', () => {
  it('scores a partial edge tile by its mean, not its sum', () => {
    // One unit, 6 inputs, tiles of 4 inputs: [0..3] mean 0.3 (sum 1.2), [4..5] mean 0.4 (sum 0.8).
    const w = Float32Array.of(0.3, -0.3, 0.3, 0.3, 0.4, -0.4);
    const mask = magnitudeMask(w, [6, 1], 0.5, { kind: 'block', rows: 1, cols: 4 });
    expect([...mask]).toEqual([0, 0, 0, 0, 1, 1]);
  });

  it('tiles run along the inputs of one unit: rows count units, cols count inputs', () => {
    // W [inputs 2, units 4]; tiles of 2 units x 1 input: (i, units 0-1) and (i, units 2-3).
    const w = Float32Array.of(1, 1, 0.1, 0.1, 0.2, 0.2, 2, 2);
    const mask = magnitudeMask(w, [2, 4], 0.5, { kind: 'block', rows: 2, cols: 1 });
    expect([...mask]).toEqual([1, 1, 0, 0, 0, 0, 1, 1]);
    // Tiles of 1 unit x 2 inputs: column u of W; means 0.6, 0.6, 1.05, 1.05 -> keep units 2, 3.
    const byInputs = magnitudeMask(w, [2, 4], 0.5, { kind: 'block', rows: 1, cols: 2 });
    expect([...byInputs]).toEqual([0, 0, 1, 1, 0, 0, 1, 1]);
  });

  it.each([0.3, 0.5, 0.9])('is constant within each tile, at sparsity %s to one tile', (s) => {
    const [inputs, units] = [10, 6];
    const layer = randomLayer(inputs, units, 1, 3);
    const mask = magnitudeMask(layer.weights, layer.shape, s, { kind: 'block', rows: 1, cols: 4 });
    const tileOf = (i: number, u: number) => u * 3 + Math.floor(i / 4); // 3 tiles per unit
    const tileKept = new Map<number, number>();
    for (let i = 0; i < inputs; i++)
      for (let u = 0; u < units; u++) {
        const tile = tileOf(i, u);
        const kept = mask[i * units + u];
        if (tileKept.has(tile)) expect(kept).toBe(tileKept.get(tile));
        tileKept.set(tile, kept);
      }
    const prunedTiles = [...tileKept.values()].filter((k) => k === 0).length;
    expect(Math.abs(prunedTiles / tileKept.size - s)).toBeLessThanOrEqual(1 / tileKept.size);
  });
});

describe('n:m masks', () => {
  it('keeps the 2 largest |w| of each 4 consecutive inputs, by hand', () => {
    // One unit: inputs [0.1, -0.9, 0.3, 0.2 | 0.5, 0.5, -0.5, 0.1 | 0.05, 0.01].
    const w = Float32Array.of(0.1, -0.9, 0.3, 0.2, 0.5, 0.5, -0.5, 0.1, 0.05, 0.01);
    const mask = magnitudeMask(w, [10, 1], 0, { kind: 'n:m', n: 2, m: 4 });
    expect([...mask]).toEqual([0, 1, 1, 0, 1, 1, 0, 0, 1, 1]);
  });

  it('2:4 keeps exactly 2 in every group of 4 of each unit, whatever sparsity is asked', () => {
    const [inputs, units] = [16, 5];
    const layer = randomLayer(inputs, units, 1, 11);
    const mask = magnitudeMask(layer.weights, layer.shape, 0.9, { kind: 'n:m', n: 2, m: 4 });
    for (let u = 0; u < units; u++)
      for (let g = 0; g < inputs; g += 4) {
        const group = [0, 1, 2, 3].map((k) => (g + k) * units + u);
        expect(group.reduce((n, i) => n + mask[i], 0)).toBe(2);
        const kept = group.filter((i) => mask[i]).map((i) => Math.abs(layer.weights[i]));
        const pruned = group.filter((i) => !mask[i]).map((i) => Math.abs(layer.weights[i]));
        expect(Math.max(...pruned)).toBeLessThanOrEqual(Math.min(...kept));
      }
    expect(achievedSparsity(mask)).toBe(0.5);
    expect(effectiveTargetSparsity({ kind: 'n:m', n: 2, m: 4 }, 0.9)).toBe(0.5);
    expect(() => magnitudeMask(layer.weights, layer.shape, 0, { kind: 'n:m', n: 4, m: 4 })).toThrow(
      /n must be below m/,
    );
  });
});

describe('global vs per-layer masks', () => {
  const large = randomLayer(20, 10, 1, 1);
  const small = randomLayer(30, 8, 0.1, 2);

  it('per-layer prunes each layer at the target', () => {
    const masks = layerMasks([large, small], 0.5, { kind: 'unstructured' });
    for (const mask of masks) expect(achievedSparsity(mask)).toBe(0.5);
  });

  it('one global threshold prunes more from the layer with smaller weights', () => {
    const masks = globalMasks([large, small], 0.5, { kind: 'unstructured' });
    const { perLayer, overall } = sparsitySummary(masks);
    expect(perLayer[1]).toBeGreaterThan(0.5);
    expect(perLayer[0]).toBeLessThan(0.5);
    expect(overall).toBe(0.5); // 440 weights, 220 kept
    expectThreshold([large.weights, small.weights], masks);
  });

  it('global block scores are ranked across layers too', () => {
    const structure = { kind: 'block', rows: 1, cols: 4 } as const;
    const masks = globalMasks([large, small], 0.5, structure);
    expect(achievedSparsity(masks[1])).toBeGreaterThan(achievedSparsity(masks[0]));
    // 10 x 5 + 8 x 8 = 114 tiles (with partial ones), 57 kept.
    expect(Math.abs(sparsitySummary(masks).overall - 0.5)).toBeLessThan(0.05);
  });

  it('n:m is the same globally and per layer', () => {
    const structure = { kind: 'n:m', n: 2, m: 4 } as const;
    expect(globalMasks([large, small], 0.5, structure)).toEqual(
      layerMasks([large, small], 0.5, structure),
    );
  });

  it('sparsitySummary weights layers by size', () => {
    const summary = sparsitySummary([Uint8Array.of(0, 1), Uint8Array.of(0, 0, 0, 0, 1, 1)]);
    expect(summary.perLayer).toEqual([0.5, 4 / 6]);
    expect(summary.overall).toBe(5 / 8);
    expect(summary.overPruned).toBe(5 / 8);
  });

  it('a layer left out keeps every weight; the target holds over the pruned layers only', () => {
    const third = randomLayer(12, 5, 0.5, 3);
    const unstructured = { kind: 'unstructured' } as const;
    const skipFirst = [false, true, true];
    for (const global of [false, true]) {
      const masks = selectedMasks([large, small, third], 0.5, unstructured, global, skipFirst);
      expect(masks[0]).toEqual(new Uint8Array(200).fill(1));
      const pruned = [small, third];
      // The other two get exactly the masks they would get without the first layer.
      expect(masks.slice(1)).toEqual(
        (global ? globalMasks : layerMasks)(pruned, 0.5, unstructured),
      );
      const summary = sparsitySummary(masks, skipFirst);
      expect(summary.perLayer[0]).toBe(0);
      // 240 + 60 pruned weights, 150 kept: 50% over them; 150 zeros of all 500 weights: 30%.
      expect(summary.overPruned).toBe(0.5);
      expect(summary.overall).toBe(150 / 500);
    }
    expect(selectedMasks([large, small], 0.5, unstructured, false)).toEqual(
      layerMasks([large, small], 0.5, unstructured),
    );
  });
});
