import { createRng } from '../../src/engine/rng';
import { enumerate, type MicroSpace } from '../../src/engine/nas/space';
import type { ScoreTable } from '../../src/engine/nas/search-loop';
import { archKey, cellOps, type Architecture, type MicroArch } from '../../src/engine/nas/types';

/**
 * A fixed synthetic benchmark over the full micro space, with structure a local search can use:
 * score = 0.5 + sum over edges of value[edge][op] (each uniform in [0, 0.05]) + 0.03 when the
 * first and last edges are both dense (an interaction) + N(0, 0.005) noise fixed per cell.
 */
export function syntheticMicroTable(seed: number): ScoreTable & {
  score: (arch: Architecture) => number;
  best: MicroArch;
  scores: Map<string, number>;
} {
  const rng = createRng(seed);
  const space: MicroSpace = { kind: 'micro', ops: [...cellOps] };
  const value = Array.from({ length: 6 }, () => cellOps.map(() => rng.uniform(0, 0.05)));
  const scores = new Map<string, number>();
  let best: MicroArch | null = null;
  let bestScore = -Infinity;
  for (const arch of enumerate(space, 1000) as MicroArch[]) {
    let score = 0.5 + 0.005 * rng.normal();
    arch.ops.forEach((op, e) => (score += value[e][cellOps.indexOf(op)]));
    if (arch.ops[0] === 'dense' && arch.ops[5] === 'dense') score += 0.03;
    scores.set(archKey(arch), score);
    if (score > bestScore) [best, bestScore] = [arch, score];
  }
  const score = (arch: Architecture): number => {
    const value = scores.get(archKey(arch));
    if (value === undefined) throw new Error(`${archKey(arch)} is not in the table`);
    return value;
  };
  const lookup = (arch: Architecture) => ({ score: score(arch), cost: 1 });
  return { space, lookup, score, best: best as MicroArch, scores };
}
