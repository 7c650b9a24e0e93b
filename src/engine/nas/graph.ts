import { CELL_EDGES, type Architecture } from './types';

/** A drawable graph: nodes by id, labelled edges (skip: an identity connection, micro or macro). */
export interface ArchGraph {
  nodes: { id: number; label: string }[];
  edges: { from: number; to: number; label: string; skip: boolean }[];
}

/**
 * The graph of `arch`. Micro: nodes 0..3 (input, node 1, node 2, output) and one edge per
 * non-zero op, labelled by the op. Macro: input, layer 1..L ("width activation"), output
 * (dense logits) in a chain; a layer with a skip adds an edge from its input node to it.
 */
export function archGraph(arch: Architecture): ArchGraph {
  if (arch.kind === 'micro')
    return {
      nodes: ['input', 'node 1', 'node 2', 'output'].map((label, id) => ({ id, label })),
      edges: CELL_EDGES.flatMap(([from, to], e) =>
        arch.ops[e] === 'zero'
          ? []
          : [{ from, to, label: arch.ops[e], skip: arch.ops[e] === 'skip' }],
      ),
    };
  const depth = arch.layers.length;
  const nodes = [
    { id: 0, label: 'input' },
    ...arch.layers.map((l, i) => ({ id: i + 1, label: `${l.width} ${l.activation}` })),
    { id: depth + 1, label: 'output' },
  ];
  const edges = nodes
    .slice(1)
    .map((n) => ({ from: n.id - 1, to: n.id, label: 'dense', skip: false }));
  arch.layers.forEach((l, i) => {
    if (l.skip) edges.push({ from: i, to: i + 1, label: 'skip', skip: true });
  });
  return { nodes, edges };
}
