import { encodeParams, type Dimension, type Params, type SearchSpace } from '../tuning/space';
import {
  CELL_EDGES,
  cellOps,
  macroActivations,
  type Architecture,
  type CellOp,
  type MacroActivation,
  type MacroArch,
  type MacroLayer,
  type MicroArch,
} from './types';

/** The micro space as the user restricts it: the ops an edge of the cell may take. */
export interface MicroSpace {
  kind: 'micro';
  ops: CellOp[];
}

/** The macro space: depth in [minLayers, maxLayers], widths and activations from the lists. */
export interface MacroSpace {
  kind: 'macro';
  minLayers: number;
  maxLayers: number;
  widths: number[];
  activations: MacroActivation[];
  /** Whether a layer may have a residual skip (off: every layer has skip = false). */
  skips: boolean;
}

export type NasSpace = MicroSpace | MacroSpace;

/** Name of edge i -> j's dimension in the tuning space ("n0-n3"). */
export const edgeName = (edge: readonly [number, number]): string => `n${edge[0]}-n${edge[1]}`;
const ON = 'on';
const OFF = 'off';

/**
 * Problems that stop a search over `space`, one message each (none: the space is usable): an
 * option listed twice; micro: no op allowed, or only 'zero' (no path from the input to the
 * output); macro: depths outside 1 <= minLayers <= maxLayers (integers), no width or activation
 * allowed, a width not a positive integer.
 */
export function spaceProblems(space: NasSpace): string[] {
  const problems: string[] = [];
  const lists: readonly (string | number)[][] =
    space.kind === 'micro' ? [space.ops] : [space.widths, space.activations];
  for (const list of lists) {
    const twice = list.filter((v, i) => list.indexOf(v) !== i);
    if (twice.length > 0) problems.push(`${[...new Set(twice)].join(', ')} listed twice`);
  }
  if (space.kind === 'micro') {
    const unknown = space.ops.filter((op) => !cellOps.includes(op));
    if (unknown.length > 0) problems.push(`unknown cell operations: ${unknown.join(', ')}`);
    if (space.ops.length === 0)
      problems.push('no operation is allowed on the cell edges: allow at least one');
    else if (space.ops.every((op) => op === 'zero'))
      problems.push(
        "only 'zero' is allowed: no edge connects the cell's input to its output, so every " +
          "cell outputs 0; allow 'skip' or 'dense'",
      );
    return problems;
  }
  const { minLayers, maxLayers } = space;
  if (!Number.isInteger(minLayers) || !Number.isInteger(maxLayers))
    problems.push('the numbers of layers must be whole numbers');
  if (maxLayers < 1) problems.push(`at most ${maxLayers} layers: allow at least 1 layer`);
  else if (minLayers < 1)
    problems.push(`at least ${minLayers} layers: the minimum must be 1 or more`);
  if (minLayers > maxLayers)
    problems.push(`the minimum of ${minLayers} layers is above the maximum of ${maxLayers}`);
  if (space.widths.length === 0) problems.push('no layer width is allowed: allow at least one');
  const badWidths = space.widths.filter((w) => !(Number.isInteger(w) && w >= 1));
  if (badWidths.length > 0)
    problems.push(`layer widths must be positive whole numbers (got ${badWidths.join(', ')})`);
  if (space.activations.length === 0) problems.push('no activation is allowed: allow at least one');
  const unknown = space.activations.filter((a) => !macroActivations.includes(a));
  if (unknown.length > 0) problems.push(`unknown activations: ${unknown.join(', ')}`);
  return problems;
}

/**
 * The edges (indices into CELL_EDGES) on some path n0 -> n3 of non-zero ops: those whose source is
 * reachable from n0 and whose target reaches n3.
 */
export function liveEdges(ops: readonly CellOp[]): number[] {
  // Plain loops: sampling and mutation check every candidate cell (hundreds per suggestion).
  const reached = [true, false, false, false];
  for (let e = 0; e < CELL_EDGES.length; e++)
    if (ops[e] !== 'zero' && reached[CELL_EDGES[e][0]]) reached[CELL_EDGES[e][1]] = true;
  const reaches = [false, false, false, true];
  for (let e = CELL_EDGES.length - 1; e >= 0; e--)
    if (ops[e] !== 'zero' && reaches[CELL_EDGES[e][1]]) reaches[CELL_EDGES[e][0]] = true;
  const live: number[] = [];
  for (let e = 0; e < CELL_EDGES.length; e++)
    if (ops[e] !== 'zero' && reached[CELL_EDGES[e][0]] && reaches[CELL_EDGES[e][1]]) live.push(e);
  return live;
}

/** True when the cell's output depends on its input: some path n0 -> n3 of non-zero ops. */
export const cellConnected = (ops: readonly CellOp[]): boolean => liveEdges(ops).length > 0;

/**
 * Whether `arch` lies in `space`. Micro: 6 ops, each allowed, and a path of non-zero edges from
 * n0 to n3. Macro: minLayers <= depth <= maxLayers, every width and activation allowed, no skip
 * when skips are off.
 */
export function isValid(arch: Architecture, space: NasSpace): boolean {
  if (arch.kind !== space.kind) return false;
  if (arch.kind === 'micro') {
    const { ops } = space as MicroSpace;
    return (
      arch.ops.length === CELL_EDGES.length &&
      arch.ops.every((op) => ops.includes(op)) &&
      cellConnected(arch.ops)
    );
  }
  const macro = space as MacroSpace;
  const depth = arch.layers.length;
  return (
    depth >= macro.minLayers &&
    depth <= macro.maxLayers &&
    arch.layers.every(
      (l) =>
        macro.widths.includes(l.width) &&
        macro.activations.includes(l.activation) &&
        (macro.skips || !l.skip),
    )
  );
}

/**
 * The tuning SearchSpace of `space`, one 'choice' dimension per decision. Micro: one per edge
 * ("n0-n1", ..., in CELL_EDGES order) over the allowed ops. Macro: "layers" over
 * minLayers..maxLayers, then for each of maxLayers layers "width{i}", "activation{i}" and, when
 * skips are allowed, "skip{i}" over ['off', 'on'] (i from 1).
 */
export function searchSpaceOf(space: NasSpace): SearchSpace {
  if (space.kind === 'micro')
    return CELL_EDGES.map((edge) => ({
      name: edgeName(edge),
      kind: 'choice',
      options: [...space.ops],
    }));
  const dims: Dimension[] = [
    {
      name: 'layers',
      kind: 'choice',
      options: Array.from(
        { length: Math.max(0, space.maxLayers - space.minLayers + 1) },
        (_, i) => space.minLayers + i,
      ),
    },
  ];
  for (let i = 1; i <= space.maxLayers; i++) {
    dims.push({ name: `width${i}`, kind: 'choice', options: [...space.widths] });
    dims.push({ name: `activation${i}`, kind: 'choice', options: [...space.activations] });
    if (space.skips) dims.push({ name: `skip${i}`, kind: 'choice', options: [OFF, ON] });
  }
  return dims;
}

/** The tuning Params of `arch`: only the decisions it uses (none for layers beyond its depth). */
export function toParams(arch: Architecture): Params {
  const params: Params = {};
  if (arch.kind === 'micro') {
    CELL_EDGES.forEach((edge, e) => (params[edgeName(edge)] = arch.ops[e]));
    return params;
  }
  params.layers = arch.layers.length;
  arch.layers.forEach((l, i) => {
    params[`width${i + 1}`] = l.width;
    params[`activation${i + 1}`] = l.activation;
    params[`skip${i + 1}`] = l.skip ? ON : OFF;
  });
  return params;
}

/**
 * The architecture of tuning Params: canonical, a macro arch keeps only its first `layers`
 * layers (a missing skip decision reads as off).
 */
export function fromParams(params: Params, kind: 'micro' | 'macro'): Architecture {
  if (kind === 'micro')
    return { kind, ops: CELL_EDGES.map((edge) => params[edgeName(edge)] as CellOp) };
  const layers: MacroLayer[] = Array.from({ length: Number(params.layers) }, (_, i) => ({
    width: Number(params[`width${i + 1}`]),
    activation: params[`activation${i + 1}`] as MacroActivation,
    skip: params[`skip${i + 1}`] === ON,
  }));
  return { kind, layers };
}

/**
 * The GP's encoding of `arch`: tuning's encodeParams of toParams(arch), each decision one-hot.
 * The layers a macro arch does not have encode as all zeros, so equal architectures encode
 * equally. Length: tuning's encodedLength(searchSpaceOf(space)).
 */
export const encodeArch = (arch: Architecture, space: NasSpace): number[] =>
  encodeParams(searchSpaceOf(space), toParams(arch));

/** Choices per macro layer: widths x activations x (2 when skips are allowed). */
const choicesPerLayer = (space: MacroSpace): number =>
  space.widths.length * space.activations.length * (space.skips ? 2 : 1);

/** Every op assignment of the 6 edges from `ops` (|ops|^6 of them), first edge slowest. */
function allCells(ops: readonly CellOp[]): CellOp[][] {
  let cells: CellOp[][] = [[]];
  for (let e = 0; e < CELL_EDGES.length; e++)
    cells = cells.flatMap((c) => ops.map((op) => [...c, op]));
  return cells;
}

/**
 * How many valid architectures `space` has. Micro: counted over the |ops|^6 <= 729 cells. Macro:
 * sum over depths L of c^L with c = widths x activations x (skips ? 2 : 1) (exact below 2^53).
 * 0 when spaceProblems reports a problem.
 */
export function spaceSize(space: NasSpace): number {
  if (spaceProblems(space).length > 0) return 0;
  if (space.kind === 'micro') return allCells(space.ops).filter(cellConnected).length;
  const c = choicesPerLayer(space);
  let total = 0;
  for (let depth = space.minLayers; depth <= space.maxLayers; depth++) total += c ** depth;
  return total;
}

/**
 * Every valid architecture of `space`, for grid search (micro: first edge slowest; macro: by
 * depth, then first layer slowest). Throws when there are more than `limit`, before building any.
 */
export function enumerate(space: NasSpace, limit: number): Architecture[] {
  const problems = spaceProblems(space);
  if (problems.length > 0) throw new Error(`The space cannot be searched: ${problems.join('; ')}`);
  const size = spaceSize(space);
  if (size > limit)
    throw new Error(
      `The space has ${size} architectures, more than the grid limit ${limit}: use another ` +
        'strategy or restrict the space',
    );
  if (space.kind === 'micro')
    return allCells(space.ops)
      .filter(cellConnected)
      .map((ops): MicroArch => ({ kind: 'micro', ops }));
  const layerChoices: MacroLayer[] = space.widths.flatMap((width) =>
    space.activations.flatMap((activation) =>
      (space.skips ? [false, true] : [false]).map((skip) => ({ width, activation, skip })),
    ),
  );
  const archs: MacroArch[] = [];
  let chains: MacroLayer[][] = [[]];
  for (let depth = 1; depth <= space.maxLayers; depth++) {
    chains = chains.flatMap((chain) => layerChoices.map((layer) => [...chain, layer]));
    if (depth >= space.minLayers)
      for (const layers of chains) archs.push({ kind: 'macro', layers });
  }
  return archs;
}
