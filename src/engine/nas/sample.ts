import type { Rng } from '../rng';
import { cellConnected, spaceProblems, type MacroSpace, type NasSpace } from './space';
import { CELL_EDGES, type Architecture, type CellOp, type MacroLayer } from './types';

const pick = <T>(items: readonly T[], rng: Rng): T => items[rng.int(items.length)];

const randomLayer = (space: MacroSpace, rng: Rng): MacroLayer => ({
  width: pick(space.widths, rng),
  activation: pick(space.activations, rng),
  skip: space.skips && rng.next() < 0.5,
});

/** Cells tried by rejection before sampleArch gives up. */
const REJECTION_CAP = 10_000;

/**
 * A random valid architecture. Micro: uniform over the valid cells (each edge's op uniform over
 * the allowed ones, redrawn until n0 reaches n3). Macro: the depth uniform over
 * minLayers..maxLayers, then each layer's width, activation and skip uniform (uniform over all
 * architectures would almost always pick the deepest). Throws on a space with no valid one.
 */
export function sampleArch(space: NasSpace, rng: Rng): Architecture {
  const problems = spaceProblems(space);
  if (problems.length > 0) throw new Error(`The space cannot be searched: ${problems.join('; ')}`);
  if (space.kind === 'macro') {
    const depth = space.minLayers + rng.int(space.maxLayers - space.minLayers + 1);
    return { kind: 'macro', layers: Array.from({ length: depth }, () => randomLayer(space, rng)) };
  }
  for (let tries = 0; tries < REJECTION_CAP; tries++) {
    const ops = CELL_EDGES.map(() => pick(space.ops, rng));
    if (cellConnected(ops)) return { kind: 'micro', ops };
  }
  throw new Error(
    `No valid cell found in ${REJECTION_CAP} draws: the space allows no path from input to output`,
  );
}

/**
 * A random neighbour of the valid `arch`: valid in `space`, different, one decision changed.
 * Micro: uniform over the (edge, other allowed op) changes that keep n0 connected to n3. Macro:
 * a move drawn uniformly among those possible (a layer's width, its activation or its skip
 * changed; a random layer inserted at a random place; a layer removed), then its layer.
 * Throws when the space has a single architecture.
 */
export function mutate(arch: Architecture, space: NasSpace, rng: Rng): Architecture {
  if (arch.kind === 'micro' && space.kind === 'micro') {
    const neighbours: CellOp[][] = [];
    arch.ops.forEach((current, e) => {
      for (const op of space.ops) {
        const ops = arch.ops.map((o, k) => (k === e ? op : o));
        if (op !== current && cellConnected(ops)) neighbours.push(ops);
      }
    });
    if (neighbours.length === 0) throw new Error('This cell has no valid neighbour to mutate into');
    return { kind: 'micro', ops: pick(neighbours, rng) };
  }
  if (arch.kind !== 'macro' || space.kind !== 'macro')
    throw new Error(`A ${arch.kind} architecture cannot be mutated in a ${space.kind} space`);
  const depth = arch.layers.length;
  const moves = [
    ...(space.widths.length > 1 ? ['width'] : []),
    ...(space.activations.length > 1 ? ['activation'] : []),
    ...(space.skips ? ['skip'] : []),
    ...(depth < space.maxLayers ? ['add'] : []),
    ...(depth > space.minLayers ? ['remove'] : []),
  ];
  if (moves.length === 0) throw new Error('The space has a single architecture: nothing to mutate');
  const layers = arch.layers.map((l) => ({ ...l }));
  const move = pick(moves, rng);
  const at = rng.int(depth);
  if (move === 'add') layers.splice(rng.int(depth + 1), 0, randomLayer(space, rng));
  else if (move === 'remove') layers.splice(at, 1);
  else if (move === 'skip') layers[at].skip = !layers[at].skip;
  else if (move === 'width')
    layers[at].width = pick(
      space.widths.filter((w) => w !== layers[at].width),
      rng,
    );
  else
    layers[at].activation = pick(
      space.activations.filter((a) => a !== layers[at].activation),
      rng,
    );
  return { kind: 'macro', layers };
}
