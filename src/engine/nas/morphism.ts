import type { Rng } from '../rng';
import {
  biasVariable,
  kernelVariable,
  NasNetwork,
  scaledWidth,
  type DenseVariables,
  type MacroLayerVariables,
} from './network';
import type { MacroActivation, MacroArch, MacroLayer } from './types';

/**
 * Function-preserving network morphisms of macro networks: the child computes the same function
 * as its parent (up to float rounding) and starts training from the parent's knowledge (Chen et
 * al. 2016, Net2Net; Cai et al. 2018; Elsken et al. 2018). Each reads the parent's weights and
 * builds a new network; the parent is left as it was.
 *
 * A morphed network can hold a learned projection where a fresh build of its architecture would
 * use the identity (a widened layer's identity skip, or addSkip between equal widths), so its
 * parameter count may exceed parameterCount(arch, frame).
 */

/** A dense layer on the host: kernel [inputs, units] row-major, bias [units]. */
export interface DenseArrays {
  kernel: Float32Array;
  bias: Float32Array;
  inputs: number;
  units: number;
}

export interface MacroLayerArrays extends DenseArrays {
  activation: MacroActivation;
  /** Residual path: none, the identity (inputs = units), or a projection [inputs, units]. */
  skip: null | 'identity' | Float32Array;
}

export interface MacroArrays {
  layers: MacroLayerArrays[];
  head: DenseArrays;
}

/** A morphism's result: the child network (the caller disposes it) and its architecture. */
export interface Morphed {
  network: NasNetwork;
  arch: MacroArch;
}

async function denseArrays(layer: DenseVariables): Promise<DenseArrays> {
  const [inputs, units] = layer.kernel.shape;
  const kernel = ((await layer.kernel.data()) as Float32Array).slice();
  return { kernel, bias: ((await layer.bias.data()) as Float32Array).slice(), inputs, units };
}

/** Copies a macro network's weights off the backend. */
export async function readMacro(network: NasNetwork): Promise<MacroArrays> {
  const weights = network.weights;
  if (weights.kind !== 'macro') throw new Error('Network morphisms apply to macro networks only.');
  const layers = await Promise.all(
    weights.layers.map(async (layer): Promise<MacroLayerArrays> => {
      const skip =
        layer.skip === null || layer.skip === 'identity'
          ? layer.skip
          : ((await layer.skip.data()) as Float32Array).slice();
      return { ...(await denseArrays(layer)), activation: layer.activation, skip };
    }),
  );
  return { layers, head: await denseArrays(weights.head) };
}

/** Uploads host weights as a new network of `arch` in the parent's frame. */
export function macroNetwork(arch: MacroArch, parent: NasNetwork, arrays: MacroArrays): Morphed {
  const dense = (layer: DenseArrays): DenseVariables => ({
    kernel: kernelVariable(layer.kernel, layer.inputs, layer.units),
    bias: biasVariable(layer.bias),
  });
  const layers = arrays.layers.map((layer): MacroLayerVariables => ({
    ...dense(layer),
    activation: layer.activation,
    skip:
      layer.skip === null || layer.skip === 'identity'
        ? layer.skip
        : kernelVariable(layer.skip, layer.inputs, layer.units),
  }));
  const weights = { kind: 'macro' as const, layers, head: dense(arrays.head) };
  return { network: new NasNetwork(arch, parent.frame, weights), arch };
}

/** The identity matrix [n, n], row-major. */
const identity = (n: number) => {
  const out = new Float32Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return out;
};

/**
 * Net2WiderNet on host weights: layer `l` grows from u to `units` (>= u) outputs. Unit j < u
 * stays; each new unit j copies a random existing unit g(j). The layer's kernel columns, bias
 * entries and skip columns are copied along g (an identity skip becomes the projection
 * P[i, j] = [i = g(j)]); the next layer's (or the head's) kernel rows, and its skip's rows, are
 * divided by the replication count c(g(j)) = |{j' : g(j') = g(j)}|, so that sum over the copies of
 * h_{g(j)} w / c = h_{g(j)} w and the output is unchanged.
 */
export function widenArrays(arrays: MacroArrays, l: number, units: number, rng: Rng): MacroArrays {
  const layer = arrays.layers[l];
  const u = layer.units;
  if (units < u)
    throw new Error(`Widening layer ${l + 1} to ${units} units would shrink it (${u}).`);
  if (units === u) return arrays;
  const g = Int32Array.from({ length: units }, (_, j) => (j < u ? j : rng.int(u)));
  const count = new Float32Array(u);
  g.forEach((i) => count[i]++);
  const columns = (matrix: Float32Array, rows: number) =>
    Float32Array.from(
      { length: rows * units },
      (_, k) => matrix[Math.floor(k / units) * u + g[k % units]],
    );
  const rowsDivided = (matrix: Float32Array, cols: number) =>
    Float32Array.from(
      { length: units * cols },
      (_, k) =>
        matrix[g[Math.floor(k / cols)] * cols + (k % cols)] / count[g[Math.floor(k / cols)]],
    );
  const widened: MacroLayerArrays = {
    ...layer,
    units,
    kernel: columns(layer.kernel, layer.inputs),
    bias: Float32Array.from(g, (i) => layer.bias[i]),
    skip:
      layer.skip === null
        ? null
        : columns(layer.skip === 'identity' ? identity(u) : layer.skip, layer.inputs),
  };
  const layers = arrays.layers.map((other, k) => (k === l ? widened : other));
  const next = arrays.layers[l + 1];
  if (!next) {
    const head = arrays.head;
    return {
      layers,
      head: { ...head, inputs: units, kernel: rowsDivided(head.kernel, head.units) },
    };
  }
  layers[l + 1] = {
    ...next,
    inputs: units,
    kernel: rowsDivided(next.kernel, next.units),
    skip:
      next.skip === null
        ? null
        : rowsDivided(next.skip === 'identity' ? identity(u) : next.skip, next.units),
  };
  return { layers, head: arrays.head };
}

/**
 * Net2DeeperNet on host weights: a layer of layer l's width u is inserted after it, computing the
 * identity. When layer l's output is non-negative (ReLU or sigmoid, no skip), the new layer is
 * relu(h I + 0) = h, exact since relu(h) = h for h >= 0. Otherwise (tanh, elu, or a skip, whose
 * outputs can be negative, where no ReLU, tanh, ELU or sigmoid layer is the identity) it is a
 * zero-initialized residual block tanh(h 0 + 0) + h = h, exact too; tanh'(0) = 1 lets it learn.
 */
export function deepenArrays(
  arrays: MacroArrays,
  l: number,
): { arrays: MacroArrays; relu: boolean } {
  const before = arrays.layers[l];
  const u = before.units;
  const relu = (before.activation === 'relu' || before.activation === 'sigmoid') && !before.skip;
  const inserted: MacroLayerArrays = {
    inputs: u,
    units: u,
    kernel: relu ? identity(u) : new Float32Array(u * u),
    bias: new Float32Array(u),
    activation: relu ? 'relu' : 'tanh',
    skip: relu ? null : 'identity',
  };
  const layers = [...arrays.layers.slice(0, l + 1), inserted, ...arrays.layers.slice(l + 1)];
  return { arrays: { layers, head: arrays.head }, relu };
}

/** Gives layer l a residual skip through a zero projection [inputs, units]: the output is unchanged. */
export function addSkipArrays(arrays: MacroArrays, l: number): MacroArrays {
  const layer = arrays.layers[l];
  if (layer.skip) throw new Error(`Layer ${l + 1} already has a skip.`);
  const skip = new Float32Array(layer.inputs * layer.units);
  return {
    layers: arrays.layers.map((other, k) => (k === l ? { ...other, skip } : other)),
    head: arrays.head,
  };
}

function checkLayer(network: NasNetwork, l: number): MacroArch {
  const arch = network.arch;
  if (arch.kind !== 'macro') throw new Error('Network morphisms apply to macro networks only.');
  if (!Number.isInteger(l) || l < 0 || l >= arch.layers.length) {
    throw new Error(`There is no layer ${l + 1} in a network of ${arch.layers.length} layers.`);
  }
  return arch;
}

const withLayer = (arch: MacroArch, l: number, change: Partial<MacroLayer>): MacroArch => ({
  kind: 'macro',
  layers: arch.layers.map((layer, k) => (k === l ? { ...layer, ...change } : { ...layer })),
});

/**
 * Widens hidden layer `l` (0-based) to `width` (in architecture units, before the frame's width
 * multiplier; at least its current width) by Net2WiderNet; see widenArrays.
 */
export async function widen(
  network: NasNetwork,
  l: number,
  width: number,
  rng: Rng,
): Promise<Morphed> {
  const arch = checkLayer(network, l);
  const units = scaledWidth(width, network.frame);
  const arrays = widenArrays(await readMacro(network), l, units, rng);
  return macroNetwork(withLayer(arch, l, { width }), network, arrays);
}

/**
 * Inserts an identity layer after layer `l` (0-based), of its width; see deepenArrays for the
 * inserted layer's activation. `_rng` is unused (the identity needs no randomness); it is taken so
 * every morphism is called alike.
 */
export async function deepen(network: NasNetwork, l: number, _rng?: Rng): Promise<Morphed> {
  const arch = checkLayer(network, l);
  const { arrays, relu } = deepenArrays(await readMacro(network), l);
  const inserted: MacroLayer = relu
    ? { width: arch.layers[l].width, activation: 'relu', skip: false }
    : { width: arch.layers[l].width, activation: 'tanh', skip: true };
  const layers = [...arch.layers.slice(0, l + 1), inserted, ...arch.layers.slice(l + 1)];
  return macroNetwork(
    { kind: 'macro', layers: layers.map((layer) => ({ ...layer })) },
    network,
    arrays,
  );
}

/** Turns on layer `l`'s residual skip through a zero-initialized projection; see addSkipArrays. */
export async function addSkip(network: NasNetwork, l: number): Promise<Morphed> {
  const arch = checkLayer(network, l);
  const arrays = addSkipArrays(await readMacro(network), l);
  return macroNetwork(withLayer(arch, l, { skip: true }), network, arrays);
}
