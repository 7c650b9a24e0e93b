import { validateSparsity } from './schedule';

/**
 * Magnitude pruning masks for dense kernels, after TF MOT's pruning_impl.py. A mask has the shape
 * of its kernel; 1 keeps a weight, 0 prunes it (the pruned kernel is W * mask).
 *
 * How many survive: TF MOT keeps k = max(1, round(count * (1 - sparsity))) of `count` scores, with
 * round = round-half-to-even in float32 (tf.math.round), and prunes the rest; so the achieved
 * sparsity is the target to within one weight (or one block). TF MOT keeps every score tied with
 * the k-th largest; here ties are broken by index (the lower index is kept), so exactly k survive.
 */

/** A dense layer's kernel W: [inputs, units] row-major, W[i, u] at i * units + u. */
export interface LayerWeights {
  weights: Float32Array;
  shape: [inputs: number, units: number];
}

/**
 * Which weights are pruned together.
 * - unstructured: each weight alone, scored by |w|.
 * - block: tiles of `rows` units x `cols` consecutive inputs, that is, rows x cols tiles of
 *   W^T [units, inputs] (the layout of csr.ts, one row per unit; {rows: 1, cols: 4} = 4
 *   consecutive inputs of one unit). Each tile is scored by its mean |w| (TF MOT's
 *   block_pooling_type 'AVG'); edge tiles may be partial and are scored by the mean over the
 *   weights they hold. On the Keras kernel [inputs, units] this is TF MOT's block_size =
 *   (cols, rows). TF MOT pools with 'SAME' padding, which centres the padding, so its scores
 *   for partial edge tiles are shifted by half the padding; here tiles start at index 0.
 * - n:m: in each group of m consecutive inputs of one unit, the n largest |w| are kept (NVIDIA's
 *   2:4 sparsity; TF MOT's sparsity_m_by_n = (m - n, m) counts zeros instead). The sparsity is
 *   then fixed at 1 - n/m (50% for 2:4): the `sparsity` argument is ignored. A partial group at
 *   the end keeps min(n, its size) weights.
 */
export type MaskStructure =
  | { kind: 'unstructured' }
  | { kind: 'block'; rows: number; cols: number }
  | { kind: 'n:m'; n: number; m: number };

/** The sparsity a structure aims at: 1 - n/m for n:m (whatever was asked), else `sparsity`. */
export function effectiveTargetSparsity(structure: MaskStructure, sparsity: number): number {
  return structure.kind === 'n:m' ? 1 - structure.n / structure.m : sparsity;
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** TF MOT's number of scores kept: max(1, round(count * (1 - sparsity))) in float32; 0 of 0. */
export function keptCount(count: number, sparsity: number): number {
  if (count === 0) return 0;
  const keep = Math.fround(Math.fround(count) * Math.fround(1 - Math.fround(sparsity)));
  return Math.min(count, Math.max(1, roundHalfEven(keep)));
}

/** Keeps the `keep` largest scores, ties going to the lower index. Returns [scores.length]. */
function keepLargest(scores: Float64Array, keep: number): Uint8Array {
  const kept = new Uint8Array(scores.length);
  if (keep === 0) return kept;
  const sorted = Float64Array.from(scores).sort();
  const threshold = sorted[scores.length - keep];
  let tiesLeft = keep;
  for (let i = 0; i < scores.length; i++) if (scores[i] > threshold) tiesLeft--;
  for (let i = 0; i < scores.length; i++)
    if (scores[i] > threshold || (scores[i] === threshold && tiesLeft-- > 0)) kept[i] = 1;
  return kept;
}

function checkLayer({ weights, shape }: LayerWeights): void {
  const [inputs, units] = shape;
  if (weights.length !== inputs * units)
    throw new Error(`mask: weights hold ${weights.length} values, not ${inputs}x${units}.`);
}

function checkStructure(structure: MaskStructure): void {
  const positive = (v: number) => Number.isInteger(v) && v >= 1;
  if (structure.kind === 'block' && !(positive(structure.rows) && positive(structure.cols)))
    throw new Error(
      `block: rows and cols must be integers >= 1; got ${structure.rows}x${structure.cols}.`,
    );
  if (structure.kind === 'n:m' && !(positive(structure.n) && positive(structure.m)))
    throw new Error(`n:m: n and m must be integers >= 1; got ${structure.n}:${structure.m}.`);
  if (structure.kind === 'n:m' && structure.n >= structure.m)
    throw new Error(
      `n:m: n must be below m (n of every m weights kept); got ${structure.n}:${structure.m}.`,
    );
}

/** Grid of tiles of W^T [units, inputs]: tile (bu, bi) at bu * inputBlocks + bi. */
function blockGrid([inputs, units]: [number, number], rows: number, cols: number) {
  return { unitBlocks: Math.ceil(units / rows), inputBlocks: Math.ceil(inputs / cols) };
}

/** Scores to rank: |w| per weight [inputs * units], or the mean |w| per tile [tiles]. */
function scoresOf(layer: LayerWeights, structure: MaskStructure): Float64Array {
  const { weights } = layer;
  if (structure.kind !== 'block') return Float64Array.from(weights, Math.abs);
  const [inputs, units] = layer.shape;
  const { rows, cols } = structure;
  const { unitBlocks, inputBlocks } = blockGrid(layer.shape, rows, cols);
  const sums = new Float64Array(unitBlocks * inputBlocks);
  const counts = new Float64Array(sums.length);
  for (let i = 0; i < inputs; i++)
    for (let u = 0; u < units; u++) {
      const tile = Math.floor(u / rows) * inputBlocks + Math.floor(i / cols);
      sums[tile] += Math.abs(weights[i * units + u]);
      counts[tile]++;
    }
  return sums.map((sum, tile) => sum / counts[tile]);
}

/** Spreads kept scores back to a weight mask [inputs * units]. */
function expand(layer: LayerWeights, structure: MaskStructure, kept: Uint8Array): Uint8Array {
  if (structure.kind !== 'block') return kept;
  const [inputs, units] = layer.shape;
  const { inputBlocks } = blockGrid(layer.shape, structure.rows, structure.cols);
  const mask = new Uint8Array(inputs * units);
  for (let i = 0; i < inputs; i++)
    for (let u = 0; u < units; u++)
      mask[i * units + u] =
        kept[Math.floor(u / structure.rows) * inputBlocks + Math.floor(i / structure.cols)];
  return mask;
}

/** n:m mask: per unit, per group of m consecutive inputs, the n largest |w| (ties: lower index). */
function nmMask({ weights, shape: [inputs, units] }: LayerWeights, n: number, m: number) {
  const mask = new Uint8Array(inputs * units);
  const group: number[] = [];
  for (let u = 0; u < units; u++)
    for (let start = 0; start < inputs; start += m) {
      group.length = 0;
      for (let i = start; i < Math.min(start + m, inputs); i++) group.push(i * units + u);
      group.sort((a, b) => Math.abs(weights[b]) - Math.abs(weights[a]) || a - b);
      for (let j = 0; j < Math.min(n, group.length); j++) mask[group[j]] = 1;
    }
  return mask;
}

/**
 * Magnitude mask of one kernel W: [inputs, units] (row-major). Prunes the share `sparsity` of the
 * weights (or tiles) with the smallest scores, keeping keptCount(count, sparsity) of them; for
 * n:m the sparsity is ignored (see MaskStructure). Returns the mask: [inputs * units], 1 = keep.
 */
export function magnitudeMask(
  weights: Float32Array,
  shape: [inputs: number, units: number],
  sparsity: number,
  structure: MaskStructure,
): Uint8Array {
  return layerMasks([{ weights, shape }], sparsity, structure)[0];
}

/** Per-layer pruning: each layer loses the share `sparsity` of its own weights (or tiles). */
export function layerMasks(
  layers: readonly LayerWeights[],
  sparsity: number,
  structure: MaskStructure,
): Uint8Array[] {
  checkStructure(structure);
  if (structure.kind !== 'n:m') validateSparsity(sparsity, 'sparsity');
  return layers.map((layer) => {
    checkLayer(layer);
    if (structure.kind === 'n:m') return nmMask(layer, structure.n, structure.m);
    const scores = scoresOf(layer, structure);
    return expand(layer, structure, keepLargest(scores, keptCount(scores.length, sparsity)));
  });
}

/**
 * Global pruning: the scores of all layers are ranked together against one threshold, and the
 * share `sparsity` of all scores is pruned, so a layer of small weights loses more than its share
 * and one of large weights less (ties: earlier layer, then lower index, kept). n:m groups are
 * independent, so for n:m this equals layerMasks. Returns one mask per layer, [inputs * units].
 */
export function globalMasks(
  layers: readonly LayerWeights[],
  sparsity: number,
  structure: MaskStructure,
): Uint8Array[] {
  if (structure.kind === 'n:m') return layerMasks(layers, sparsity, structure);
  checkStructure(structure);
  validateSparsity(sparsity, 'sparsity');
  layers.forEach(checkLayer);
  const perLayer = layers.map((layer) => scoresOf(layer, structure));
  const all = new Float64Array(perLayer.reduce((n, s) => n + s.length, 0));
  let offset = 0;
  for (const scores of perLayer) {
    all.set(scores, offset);
    offset += scores.length;
  }
  const kept = keepLargest(all, keptCount(all.length, sparsity));
  offset = 0;
  return layers.map((layer, l) => {
    const part = kept.subarray(offset, (offset += perLayer[l].length));
    return expand(layer, structure, part.slice());
  });
}

/**
 * Masks of the layers marked in `pruned` (all when absent): per layer, or with one global
 * threshold over the marked layers only; every other layer keeps all its weights (a mask of
 * ones), as TF MOT leaves a layer dense when prune_low_magnitude is not applied to it.
 */
export function selectedMasks(
  layers: readonly LayerWeights[],
  sparsity: number,
  structure: MaskStructure,
  global: boolean,
  pruned?: readonly boolean[],
): Uint8Array[] {
  const chosen = layers.filter((_, l) => pruned?.[l] ?? true);
  const masks = (global ? globalMasks : layerMasks)(chosen, sparsity, structure);
  let next = 0;
  return layers.map((layer, l) =>
    (pruned?.[l] ?? true) ? masks[next++] : new Uint8Array(layer.shape[0] * layer.shape[1]).fill(1),
  );
}

function countZeros(mask: Uint8Array): number {
  let zeros = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] === 0) zeros++;
  return zeros;
}

/** Share of zeros in a mask (the achieved sparsity of its layer); 0 for an empty mask. */
export function achievedSparsity(mask: Uint8Array): number {
  return mask.length ? countZeros(mask) / mask.length : 0;
}

/** zeros / weights over the masks chosen by `keep` (0 when they hold no weights). */
function pooledSparsity(masks: readonly Uint8Array[], keep: (l: number) => boolean): number {
  const chosen = masks.filter((_, l) => keep(l));
  const total = chosen.reduce((n, mask) => n + mask.length, 0);
  return total ? chosen.reduce((n, mask) => n + countZeros(mask), 0) / total : 0;
}

/**
 * Achieved sparsity per layer; overall = all zeros / all weights (weighted by layer size); and
 * overPruned = zeros / weights over the layers marked in `pruned` only (the share the target
 * sparsity applies to; equal to overall when every layer is pruned).
 */
export function sparsitySummary(
  masks: readonly Uint8Array[],
  pruned?: readonly boolean[],
): { perLayer: number[]; overall: number; overPruned: number } {
  return {
    perLayer: masks.map(achievedSparsity),
    overall: pooledSparsity(masks, () => true),
    overPruned: pooledSparsity(masks, (l) => pruned?.[l] ?? true),
  };
}
