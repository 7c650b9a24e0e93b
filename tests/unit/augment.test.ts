import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { expect, it } from 'vitest';
import { randomShift } from '../../src/engine/distillation/augment';
import { createRng } from '../../src/engine/rng';

for (const backend of ['cpu', 'wasm']) {
  it(`randomShift moves each image by whole pixels within the bound, filling with 0 (${backend})`, async () => {
    await tf.setBackend(backend);
    // One bright pixel at (row 3, column 4) of a 7x7 image, repeated in 50 images.
    const image = new Float32Array(49);
    image[3 * 7 + 4] = 1;
    const batch = tf.tensor2d(
      Float32Array.from({ length: 50 * 49 }, (_, i) => image[i % 49]),
      [50, 49],
    );
    const shifted = (await randomShift(batch, [7, 7, 1], 2, createRng(1)).data()) as Float32Array;
    const moves = new Set<string>();
    for (let b = 0; b < 50; b++) {
      const pixels = shifted.subarray(b * 49, (b + 1) * 49);
      const at = pixels.findIndex((v) => v === 1);
      expect(pixels.reduce((s, v) => s + v, 0)).toBe(1);
      const [dy, dx] = [Math.floor(at / 7) - 3, (at % 7) - 4];
      expect(Math.abs(dx)).toBeLessThanOrEqual(2);
      expect(Math.abs(dy)).toBeLessThanOrEqual(2);
      moves.add(`${dx},${dy}`);
    }
    expect(moves.size).toBeGreaterThan(10);
    batch.dispose();
  });
}
