import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { denseWeightBytes, gzipSize } from '../../src/engine/pruning/compress';
import { createRng } from '../../src/engine/rng';

function weights(length: number, zeroShare: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length }, () => (rng.next() < zeroShare ? 0 : 0.05 * rng.normal()));
}

describe('dense weights file and its gzip size', () => {
  it('serializes every float32, zeros included, little-endian, layer after layer', () => {
    const bytes = denseWeightBytes([
      { weights: Float32Array.of(1, -2) },
      { weights: Float32Array.of(0, 0.5, 3) },
    ]);
    expect(bytes.length).toBe(20);
    const view = new DataView(bytes.buffer);
    expect([0, 4, 8, 12, 16].map((o) => view.getFloat32(o, true))).toEqual([1, -2, 0, 0.5, 3]);
    // 1.0f = 0x3f800000, stored low byte first.
    expect([...bytes.subarray(0, 4)]).toEqual([0x00, 0x00, 0x80, 0x3f]);
  });

  it("equals Node's zlib.gzipSync length to within a few header bytes", async () => {
    for (const bytes of [
      new Uint8Array(0),
      denseWeightBytes([{ weights: weights(50_000, 0, 1) }]),
      denseWeightBytes([{ weights: weights(50_000, 0.9, 2) }]),
    ]) {
      const reference = gzipSync(bytes).length;
      expect(Math.abs((await gzipSize(bytes)) - reference)).toBeLessThanOrEqual(4);
    }
  });

  it('a 90%-zero kernel compresses about 5x better than a dense one of the same size', async () => {
    const length = 100_000;
    const dense = denseWeightBytes([{ weights: weights(length, 0, 3) }]);
    const pruned = denseWeightBytes([{ weights: weights(length, 0.9, 4) }]);
    expect(pruned.length).toBe(dense.length); // pruning alone does not shrink the file
    const denseRatio = dense.length / (await gzipSize(dense));
    const prunedRatio = pruned.length / (await gzipSize(pruned));
    expect(denseRatio).toBeLessThan(1.3); // random float32 mantissas barely compress
    expect(prunedRatio / denseRatio).toBeGreaterThanOrEqual(5);
  });
});
