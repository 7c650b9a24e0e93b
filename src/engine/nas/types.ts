/**
 * Architectures of the /nas lab's two search spaces, as plain data.
 *
 * Micro (a cell, after NAS-Bench-201): a DAG of 4 nodes, n0 the cell's input and n3 its output;
 * node j = sum over i < j of op_ij(n_i), for the 6 edges in CELL_EDGES order. Every node is a
 * vector of the network's width W. The network is: input -> stem dense(W) (ReLU, or linear where
 * the frame says so) -> the cell, stacked `cells` times (same ops, own weights) -> dense(outputs)
 * logits.
 *
 * Macro (a chain): input -> layer_1 -> ... -> layer_L -> dense(outputs) logits, each layer a dense
 * layer of its own width and activation, optionally with a residual skip that adds the layer's
 * input to its output (through a linear projection when the widths differ).
 */

/** What an edge of the cell computes: nothing, its input, or relu(x W + b) at width W. */
export const cellOps = ['zero', 'skip', 'dense'] as const;
export type CellOp = (typeof cellOps)[number];

/** The cell's edges (from node, to node), in the order of MicroArch.ops. */
export const CELL_EDGES = [
  [0, 1],
  [0, 2],
  [1, 2],
  [0, 3],
  [1, 3],
  [2, 3],
] as const;

export interface MicroArch {
  kind: 'micro';
  /** One op per edge of CELL_EDGES: length 6. */
  ops: CellOp[];
}

export const macroActivations = ['relu', 'tanh', 'elu', 'sigmoid'] as const;
export type MacroActivation = (typeof macroActivations)[number];

export interface MacroLayer {
  width: number;
  activation: MacroActivation;
  /** Add the layer's input to its output (projected linearly when the widths differ). */
  skip: boolean;
}

export interface MacroArch {
  kind: 'macro';
  layers: MacroLayer[];
}

export type Architecture = MicroArch | MacroArch;

export const stemActivations = ['relu', 'linear'] as const;
export type StemActivation = (typeof stemActivations)[number];

/** The fixed frame an architecture is placed in. */
export interface NetworkFrame {
  inputs: number;
  outputs: number;
  /** Micro: the width W of every node, and how many times the cell is stacked. */
  width: number;
  cells: number;
  /**
   * Micro: the stem's activation; 'relu' when left out. With 'linear' the stem is a linear map,
   * so every non-linearity of the network comes from the cell's dense edges (a cell of skips is a
   * linear classifier): the tabular benchmark uses it so that the cell matters.
   */
  stemActivation?: StemActivation;
  /** Multiplies every width (lower-fidelity estimation trains narrower networks); 1 = as given. */
  widthMultiplier: number;
  seed: number;
}

/** A stable text key of an architecture (tabular lookups, de-duplication). */
export function archKey(arch: Architecture): string {
  return arch.kind === 'micro'
    ? `micro:${arch.ops.join('-')}`
    : `macro:${arch.layers.map((l) => `${l.width}${l.activation[0]}${l.skip ? '+' : ''}`).join('-')}`;
}
