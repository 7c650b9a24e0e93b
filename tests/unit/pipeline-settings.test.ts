import { describe, expect, it } from 'vitest';
import {
  augmentImage,
  decodeRecord,
  elementRng,
  gaussianTaps,
  PIXELS,
} from '../../src/engine/pipeline/augment';
import {
  MAX_MAP_WORKERS,
  parsePipelineSettings,
  variantPlan,
  workersNeeded,
} from '../../src/engine/pipeline/settings';

const messages = (input: Record<string, unknown>, cores?: number) =>
  parsePipelineSettings(input, { hardwareConcurrency: cores }).issues.map((i) => i.message);

describe('pipeline settings', () => {
  it('the defaults are valid on two cores, and name what each variant does', () => {
    expect(messages({}, 2)).toEqual([]);
    const { value } = parsePipelineSettings({});
    expect(variantPlan('naive', value)).toEqual({
      name: 'naive',
      degree: 1,
      prefetch: 0,
      cacheAfter: 'none',
    });
    expect(variantPlan('cached', value)).toEqual({
      name: 'cached',
      degree: 2,
      prefetch: 2,
      cacheAfter: 'decode',
    });
    expect(workersNeeded({ ...value, variants: ['naive', 'prefetch'] })).toBe(1);
  });

  it('refuses more workers than the browser reports cores, or than the lab starts', () => {
    expect(messages({ degree: 3 }, 2)).toEqual([
      'a parallel map degree of 3 asks for more workers than this browser allows: it reports 2 logical cores (navigator.hardwareConcurrency), so choose 2 or fewer',
    ]);
    expect(messages({ degree: 40 }, 64)[0]).toContain(
      `more map workers than this lab starts (at most ${MAX_MAP_WORKERS})`,
    );
    // Without parallel map in the run, the degree is not used and not checked.
    expect(messages({ degree: 8, variants: ['naive', 'prefetch'] }, 2)).toEqual([]);
  });

  it('refuses a batch smaller than the worker count', () => {
    expect(messages({ degree: 4, batchSize: 3 }, 8)).toEqual([
      'a batch of 3 cannot be split across 4 map workers (each needs at least one element); make the batch at least 4 or the degree at most 3',
    ]);
  });

  it('asks for two epochs when the cache is used', () => {
    expect(messages({ epochs: 1 }, 2)[0]).toMatch(/filled in epoch 1 and read from epoch 2/);
    expect(messages({ epochs: 1, variants: ['naive'] }, 2)).toEqual([]);
  });
});

describe('pipeline stages', () => {
  it('decode maps stored byte k to k / 255 exactly as the dataset loader does', () => {
    const record = Uint8Array.from({ length: PIXELS }, (_, i) => i % 256);
    const out = new Float32Array(PIXELS);
    decodeRecord(record, 1 / 255, out);
    for (let i = 0; i < PIXELS; i++) expect(out[i]).toBe(Math.fround((i % 256) * (1 / 255)));
  });

  it('Gaussian taps are exp(-t^2 / 2 sigma^2), normalized, 6 sigma + 1 wide', () => {
    const taps = gaussianTaps(2);
    expect(taps.length).toBe(13);
    expect(taps.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(taps[6 + 2] / taps[6]).toBeCloseTo(Math.exp(-4 / 8), 6);
  });

  it('augmentation with every knob at 0 is the identity', () => {
    const image = Float32Array.from({ length: PIXELS }, (_, i) => ((i * 37) % 101) / 100);
    const out = new Float32Array(PIXELS);
    const none = { rotation: 0, shift: 0, elasticSigma: 0, elasticAlpha: 0, noise: 0 };
    augmentImage(image, none, elementRng(1, 1, 5), out, null);
    for (let i = 0; i < PIXELS; i++) expect(out[i]).toBeCloseTo(image[i], 6);
  });

  it('a 90 degree rotation (no shift) turns a bar from horizontal to vertical', () => {
    const image = new Float32Array(PIXELS);
    for (let c = 4; c < 24; c++) image[14 * 28 + c] = 1; // row 14, columns 4..23
    const out = new Float32Array(PIXELS);
    // Every uniform draw returns its upper end: rotation +90 degrees, shift 0 (its range is 0).
    const rng = {
      next: () => 0,
      int: () => 0,
      normal: () => 0,
      seed: () => 0,
      uniform: (_: number, hi: number) => hi,
    };
    const opts = { rotation: 90, shift: 0, elasticSigma: 0, elasticAlpha: 0, noise: 0 };
    augmentImage(image, opts, rng, out, null);
    let column = 0;
    let row = 0;
    for (let r = 0; r < 28; r++)
      for (let c = 0; c < 28; c++) {
        column += out[r * 28 + c] * (c === 13 || c === 14 ? 1 : 0);
        row += out[r * 28 + c] * (r === 14 ? 1 : 0);
      }
    expect(column).toBeGreaterThan(15);
    expect(row).toBeLessThan(3);
  });

  it('an element draws the same augmentation in any worker, and a new one each epoch', () => {
    const image = Float32Array.from({ length: PIXELS }, (_, i) => (i % 28) / 28);
    const opts = { rotation: 12, shift: 2, elasticSigma: 4, elasticAlpha: 34, noise: 0.05 };
    const taps = gaussianTaps(4);
    const run = (epoch: number) => {
      const out = new Float32Array(PIXELS);
      augmentImage(image, opts, elementRng(7, epoch, 42), out, taps);
      return out;
    };
    expect(run(1)).toEqual(run(1));
    expect(run(2)).not.toEqual(run(1));
  });
});
