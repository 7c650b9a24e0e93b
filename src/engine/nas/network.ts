import * as tf from '@tensorflow/tfjs-core';
import { createRng, type Rng } from '../rng';
import { liveEdges } from './space';
import {
  CELL_EDGES,
  type Architecture,
  type MacroActivation,
  type MacroArch,
  type MicroArch,
  type NetworkFrame,
} from './types';

/**
 * A network of the /nas lab as plain tf.Variables and a functional forward pass (not tfjs-layers),
 * so that network morphisms can read and rewrite its weights.
 *
 * Micro: x -> stem relu(x W_s + b_s) [W] (x W_s + b_s when frame.stemActivation is 'linear') ->
 * the cell `cells` times -> h W_o + b_o logits.
 * In a cell, node j = sum over live edges (i, j) of op(n_i): 'skip' gives n_i, 'dense' gives
 * relu(n_i W_ij + b_ij) with weights of its own per edge and per cell. An edge is live when it is
 * not 'zero' and lies on a path n0 -> n3 of non-zero edges; the others cannot change the output
 * (an empty node contributes nothing through any op), so they get no weights. A cell without a
 * path n0 -> n3 outputs zeros.
 *
 * Macro: h_0 = x, h_l = act_l(h_{l-1} W_l + b_l) [+ skip_l(h_{l-1})], logits h_L W_o + b_o, where
 * skip_l is the identity when the widths match and h P_l (a kernel of its own, no bias) otherwise.
 * Every width is scaled by the frame's widthMultiplier (rounded, at least 1). Kernels are
 * Glorot-uniform from the frame's seed, U(-r, r) with r = sqrt(6 / (fanIn + fanOut)); biases zero.
 */

/** A dense layer's variables: kernel [inputs, units], bias [units]. */
export interface DenseVariables {
  kernel: tf.Variable<tf.Rank.R2>;
  bias: tf.Variable<tf.Rank.R1>;
}

/** A macro layer's residual path: none, the identity (equal widths), or a projection [in, out]. */
export type SkipPath = null | 'identity' | tf.Variable<tf.Rank.R2>;

export interface MacroLayerVariables extends DenseVariables {
  activation: MacroActivation;
  skip: SkipPath;
}

export type NetworkWeights =
  | {
      kind: 'micro';
      stem: DenseVariables;
      cells: (DenseVariables | null)[][];
      head: DenseVariables;
    }
  | { kind: 'macro'; layers: MacroLayerVariables[]; head: DenseVariables };

/** A width after the frame's multiplier: round(width * multiplier), at least 1. */
export const scaledWidth = (width: number, frame: Pick<NetworkFrame, 'widthMultiplier'>) =>
  Math.max(1, Math.round(width * frame.widthMultiplier));

const denseCount = (inputs: number, units: number) => inputs * units + units;

/**
 * Trainable parameters of the network buildNetwork would make, without building it. Micro:
 * (inputs + 1) W + cells * d * (W + 1) W + (W + 1) outputs, with d the live dense edges. Macro:
 * sum_l (in_l + 1) w_l + [skip_l and in_l != w_l] in_l w_l, plus (w_L + 1) outputs.
 */
export function parameterCount(arch: Architecture, frame: NetworkFrame): number {
  if (arch.kind === 'micro') {
    const width = scaledWidth(frame.width, frame);
    const dense = liveEdges(arch.ops).filter((e) => arch.ops[e] === 'dense').length;
    return (
      denseCount(frame.inputs, width) +
      frame.cells * dense * denseCount(width, width) +
      denseCount(width, frame.outputs)
    );
  }
  let inputs = frame.inputs;
  let total = 0;
  for (const layer of arch.layers) {
    const units = scaledWidth(layer.width, frame);
    total += denseCount(inputs, units) + (layer.skip && inputs !== units ? inputs * units : 0);
    inputs = units;
  }
  return total + denseCount(inputs, frame.outputs);
}

/** Glorot-uniform values [inputs * units], row-major, from `rng`. */
export function glorotUniform(inputs: number, units: number, rng: Rng): Float32Array {
  const limit = Math.sqrt(6 / (inputs + units));
  return Float32Array.from({ length: inputs * units }, () => rng.uniform(-limit, limit));
}

/** A trainable kernel [inputs, units] holding `values` (row-major). */
export const kernelVariable = (values: Float32Array, inputs: number, units: number) =>
  tf.tidy(() => tf.variable(tf.tensor2d(values, [inputs, units]), true)) as tf.Variable<tf.Rank.R2>;

/** A trainable bias [units] holding `values`. */
export const biasVariable = (values: Float32Array) =>
  tf.tidy(() => tf.variable(tf.tensor1d(values), true)) as tf.Variable<tf.Rank.R1>;

function denseVariables(inputs: number, units: number, rng: Rng): DenseVariables {
  return {
    kernel: kernelVariable(glorotUniform(inputs, units, rng), inputs, units),
    bias: biasVariable(new Float32Array(units)),
  };
}

const activations: Record<MacroActivation, (x: tf.Tensor) => tf.Tensor> = {
  relu: tf.relu,
  tanh: tf.tanh,
  elu: tf.elu,
  sigmoid: tf.sigmoid,
};

const dense = (x: tf.Tensor, layer: DenseVariables) =>
  tf.add(tf.matMul(x as tf.Tensor2D, layer.kernel), layer.bias);

/** A built network: its variables, its forward pass and its architecture in its frame. */
export class NasNetwork {
  readonly arch: Architecture;
  readonly frame: NetworkFrame;
  readonly weights: NetworkWeights;
  /** Every trainable variable, in creation order. */
  readonly variables: tf.Variable[];

  constructor(arch: Architecture, frame: NetworkFrame, weights: NetworkWeights) {
    this.arch = arch;
    this.frame = frame;
    this.weights = weights;
    const all: tf.Variable[] = [];
    const push = (layer: DenseVariables | null) => {
      if (layer) all.push(layer.kernel, layer.bias);
    };
    if (weights.kind === 'micro') {
      push(weights.stem);
      weights.cells.forEach((cell) => cell.forEach(push));
    } else {
      for (const layer of weights.layers) {
        push(layer);
        if (layer.skip && layer.skip !== 'identity') all.push(layer.skip);
      }
    }
    push(weights.head);
    this.variables = all;
  }

  /** The trainable parameters actually held (the sum of the variables' sizes). */
  get parameterCount(): number {
    return this.variables.reduce((sum, v) => sum + v.size, 0);
  }

  /** x: [rows, inputs]. Returns logits [rows, outputs]; `training` changes nothing (no dropout). */
  forward(x: tf.Tensor, _training = false): tf.Tensor {
    return tf.tidy(() => {
      const weights = this.weights;
      if (weights.kind === 'macro') {
        let h = x;
        for (const layer of weights.layers) {
          let next = activations[layer.activation](dense(h, layer));
          if (layer.skip === 'identity') next = tf.add(next, h);
          else if (layer.skip) next = tf.add(next, tf.matMul(h as tf.Tensor2D, layer.skip));
          h = next;
        }
        return dense(h, weights.head);
      }
      const ops = (this.arch as MicroArch).ops;
      const live = liveEdges(ops);
      const stem = dense(x, weights.stem);
      let h = this.frame.stemActivation === 'linear' ? stem : tf.relu(stem);
      for (const cell of weights.cells) {
        const nodes: (tf.Tensor | null)[] = [h, null, null, null];
        for (const e of live) {
          const [from, to] = CELL_EDGES[e];
          const input = nodes[from]!;
          const out = ops[e] === 'skip' ? input : tf.relu(dense(input, cell[e]!));
          nodes[to] = nodes[to] ? tf.add(nodes[to]!, out) : out;
        }
        h = nodes[3] ?? tf.zerosLike(h);
      }
      return dense(h, weights.head);
    });
  }

  dispose(): void {
    tf.dispose(this.variables);
  }
}

/** Builds the network of `arch` in `frame` with seeded Glorot-uniform kernels and zero biases. */
export function buildNetwork(arch: Architecture, frame: NetworkFrame): NasNetwork {
  const rng = createRng(frame.seed);
  return new NasNetwork(
    arch,
    frame,
    arch.kind === 'micro' ? microWeights(arch, frame, rng) : macroWeights(arch, frame, rng),
  );
}

function microWeights(arch: MicroArch, frame: NetworkFrame, rng: Rng): NetworkWeights {
  const width = scaledWidth(frame.width, frame);
  const stem = denseVariables(frame.inputs, width, rng);
  const live = new Set(liveEdges(arch.ops));
  const cells = Array.from({ length: frame.cells }, () =>
    arch.ops.map((op, e) =>
      op === 'dense' && live.has(e) ? denseVariables(width, width, rng) : null,
    ),
  );
  return { kind: 'micro', stem, cells, head: denseVariables(width, frame.outputs, rng) };
}

function macroWeights(arch: MacroArch, frame: NetworkFrame, rng: Rng): NetworkWeights {
  let inputs = frame.inputs;
  const layers = arch.layers.map((layer): MacroLayerVariables => {
    const units = scaledWidth(layer.width, frame);
    const variables = denseVariables(inputs, units, rng);
    let skip: SkipPath = null;
    if (layer.skip) {
      skip =
        inputs === units
          ? 'identity'
          : kernelVariable(glorotUniform(inputs, units, rng), inputs, units);
    }
    inputs = units;
    return { ...variables, activation: layer.activation, skip };
  });
  return { kind: 'macro', layers, head: denseVariables(inputs, frame.outputs, rng) };
}
