import { describe, expect, it } from 'vitest';
import { shards } from '../../src/engine/distributed/types';
import {
  chunkBounds,
  Inbox,
  ringAllReduce,
  type RingLink,
  type RingMessage,
} from '../../src/engine/distributed/ring';
import { createRng } from '../../src/engine/rng';

/** K replicas' links in memory: replica r sends into r + 1's inbox. */
function memoryRing(k: number): RingLink[] {
  const inboxes = Array.from({ length: k }, () => new Inbox<RingMessage>());
  return inboxes.map((inbox, r) => ({
    send: (message) => inboxes[(r + 1) % k].push(message),
    receive: () => inbox.next(),
  }));
}

describe('ring all-reduce', () => {
  it('cuts a vector into K chunks that differ by at most one element and cover it', () => {
    expect(chunkBounds(10, 4)).toEqual([
      [0, 3],
      [3, 6],
      [6, 8],
      [8, 10],
    ]);
    expect(chunkBounds(2, 3)).toEqual([
      [0, 1],
      [1, 2],
      [2, 2],
    ]);
    expect(shards(Int32Array.from([5, 6, 7, 8, 9]), 2).map((s) => [...s])).toEqual([
      [5, 6, 7],
      [8, 9],
    ]);
  });

  for (const k of [2, 3, 4, 5, 8])
    for (const length of [1, 3, 7, 13, 1001])
      it(`equals the plain sum for K = ${k}, length ${length}, on every replica`, async () => {
        const rng = createRng(k * 1000 + length);
        const vectors = Array.from({ length: k }, () =>
          Float32Array.from({ length }, () => rng.normal()),
        );
        const sum = new Float64Array(length);
        for (const v of vectors) v.forEach((x, i) => (sum[i] += x));
        const links = memoryRing(k);
        const steps = await Promise.all(
          vectors.map((v, rank) => ringAllReduce(v, rank, k, links[rank])),
        );
        for (const v of vectors) {
          for (let i = 0; i < length; i++) expect(v[i]).toBeCloseTo(sum[i], 5);
          expect(v).toEqual(vectors[0]);
        }
        // 2 (K - 1) steps, each replica sending its chunks: 2 (K - 1) / K of the vector in all.
        expect(steps[0]).toHaveLength(2 * (k - 1));
        const sent = steps.map((s) => s.reduce((total, step) => total + step.bytes, 0));
        expect(sent.reduce((a, b) => a + b, 0)).toBe(2 * (k - 1) * length * 4);
      });
});
