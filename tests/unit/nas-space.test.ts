import { describe, expect, it } from 'vitest';
import { archGraph } from '../../src/engine/nas/graph';
import { mutate, sampleArch } from '../../src/engine/nas/sample';
import {
  encodeArch,
  enumerate,
  fromParams,
  isValid,
  searchSpaceOf,
  spaceProblems,
  spaceSize,
  toParams,
  type MacroSpace,
  type MicroSpace,
  type NasSpace,
} from '../../src/engine/nas/space';
import {
  archKey,
  cellOps,
  macroActivations,
  type MacroArch,
  type MicroArch,
} from '../../src/engine/nas/types';
import { createRng } from '../../src/engine/rng';
import { encodedLength } from '../../src/engine/tuning/space';

const micro = (...ops: MicroSpace['ops']): MicroSpace => ({ kind: 'micro', ops });
const macro = (overrides: Partial<MacroSpace> = {}): MacroSpace => ({
  kind: 'macro',
  minLayers: 1,
  maxLayers: 4,
  widths: [8, 16, 32, 64],
  activations: [...macroActivations],
  skips: true,
  ...overrides,
});

const spaces: NasSpace[] = [
  micro(...cellOps),
  micro('zero', 'skip'),
  micro('zero', 'dense'),
  micro('skip', 'dense'),
  micro('dense'),
  macro(),
  macro({ minLayers: 2, maxLayers: 2, widths: [16], activations: ['tanh'], skips: false }),
  macro({ minLayers: 3, maxLayers: 5, widths: [8, 32], activations: ['relu', 'elu'] }),
];

describe('spaceProblems', () => {
  it('accepts the usable spaces', () => {
    for (const space of spaces) expect(spaceProblems(space)).toEqual([]);
  });

  it('names an empty or contradictory space', () => {
    expect(spaceProblems(micro())).toEqual([
      'no operation is allowed on the cell edges: allow at least one',
    ]);
    expect(spaceProblems(micro('zero'))[0]).toMatch(/only 'zero' is allowed.*outputs 0/);
    expect(spaceProblems(macro({ minLayers: 4, maxLayers: 2 }))).toEqual([
      'the minimum of 4 layers is above the maximum of 2',
    ]);
    expect(spaceProblems(macro({ minLayers: 0, maxLayers: 0 }))).toEqual([
      'at most 0 layers: allow at least 1 layer',
    ]);
    expect(spaceProblems(macro({ widths: [], activations: [] }))).toEqual([
      'no layer width is allowed: allow at least one',
      'no activation is allowed: allow at least one',
    ]);
    expect(spaceProblems(micro('skip', 'dense', 'skip'))).toEqual(['skip listed twice']);
    expect(spaceProblems(macro({ widths: [8, 16, 8] }))).toEqual(['8 listed twice']);
    expect(spaceProblems(macro({ widths: [8, 0] }))).toEqual([
      'layer widths must be positive whole numbers (got 0)',
    ]);
  });
});

describe('spaceSize', () => {
  // Invalid cells need e03 = zero, no n1 -> n3 path and no n2 -> n3 path; counting the 32
  // patterns of the other 5 edges by hand (zero / non-zero) gives 17 invalid of 64. With 3 ops,
  // each non-zero edge has 2 choices: invalid weight 27 + 18 + 6 + 4 + 12 = 67 of 3^6 = 729.
  it('counts the valid cells by hand', () => {
    expect(spaceSize(micro(...cellOps))).toBe(729 - 67);
    expect(spaceSize(micro('zero', 'skip'))).toBe(64 - 17);
    expect(spaceSize(micro('zero', 'dense'))).toBe(47);
    expect(spaceSize(micro('skip', 'dense'))).toBe(64);
    expect(spaceSize(micro('dense'))).toBe(1);
    expect(spaceSize(micro('zero'))).toBe(0);
  });

  it('counts macro chains as sum over depths of (widths x activations x skips)^depth', () => {
    // c = 2 widths x 1 activation x 2 (skip or not) = 4: 4 + 16.
    expect(
      spaceSize(macro({ maxLayers: 2, widths: [8, 16], activations: ['relu'], skips: true })),
    ).toBe(20);
    // c = 3 x 2 x 1 = 6, depths 2..3: 36 + 216.
    expect(
      spaceSize(
        macro({
          minLayers: 2,
          maxLayers: 3,
          widths: [8, 16, 32],
          activations: ['relu', 'tanh'],
          skips: false,
        }),
      ),
    ).toBe(252);
    expect(spaceSize(macro())).toBe(32 + 32 ** 2 + 32 ** 3 + 32 ** 4);
  });

  it('enumerates exactly the valid architectures, each once', () => {
    for (const space of [
      ...spaces.slice(0, 5),
      spaces[6],
      macro({ maxLayers: 2, widths: [8, 16] }),
    ]) {
      const archs = enumerate(space, 10_000);
      expect(archs.length).toBe(spaceSize(space));
      expect(new Set(archs.map(archKey)).size).toBe(archs.length);
      for (const arch of archs) expect(isValid(arch, space)).toBe(true);
    }
  });

  it('refuses a grid over its limit, before building it', () => {
    const space = macro({ maxLayers: 3, widths: [8, 16], activations: ['relu', 'tanh'] });
    expect(() => enumerate(space, 100)).toThrow(
      'The space has 584 architectures, more than the grid limit 100: use another strategy or restrict the space',
    );
    expect(() => enumerate(macro({ maxLayers: 12 }), 5000)).toThrow(
      /more than the grid limit 5000/,
    );
  });
});

describe('isValid', () => {
  const cell = (ops: string): MicroArch => ({
    kind: 'micro',
    ops: ops.split(' ') as MicroArch['ops'],
  });
  it('needs allowed ops, 6 edges and a path from input to output', () => {
    const full = micro(...cellOps);
    expect(isValid(cell('dense zero zero zero skip zero'), full)).toBe(true);
    expect(isValid(cell('dense zero zero zero zero skip'), full)).toBe(false);
    expect(isValid(cell('dense zero skip zero zero skip'), full)).toBe(true);
    expect(isValid(cell('dense zero zero skip'), full)).toBe(false);
    expect(isValid(cell('dense zero zero zero skip zero'), micro('zero', 'skip'))).toBe(false);
    expect(isValid({ kind: 'macro', layers: [] }, full)).toBe(false);
  });

  it('needs a macro depth in range, allowed widths and activations, no skip when off', () => {
    const space = macro({ minLayers: 2, maxLayers: 3, widths: [8], skips: false });
    const layer = { width: 8, activation: 'relu' as const, skip: false };
    expect(isValid({ kind: 'macro', layers: [layer, layer] }, space)).toBe(true);
    expect(isValid({ kind: 'macro', layers: [layer] }, space)).toBe(false);
    expect(isValid({ kind: 'macro', layers: [layer, layer, layer, layer] }, space)).toBe(false);
    expect(isValid({ kind: 'macro', layers: [layer, { ...layer, width: 9 }] }, space)).toBe(false);
    expect(isValid({ kind: 'macro', layers: [layer, { ...layer, skip: true }] }, space)).toBe(
      false,
    );
  });
});

describe('sampleArch and mutate', () => {
  it('samples only valid architectures', () => {
    const rng = createRng(1);
    for (const space of spaces)
      for (let i = 0; i < 1000; i++) expect(isValid(sampleArch(space, rng), space)).toBe(true);
  });

  it('samples the valid cells uniformly', () => {
    const space = micro('zero', 'skip');
    const rng = createRng(2);
    const counts = new Map<string, number>();
    for (let i = 0; i < 47_000; i++) {
      const key = archKey(sampleArch(space, rng));
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(47);
    // Binomial(47000, 1/47): mean 1000, sd 31; 5 sd either side.
    for (const count of counts.values()) expect(Math.abs(count - 1000)).toBeLessThan(155);
  });

  it('throws a clear error on a space with no valid architecture', () => {
    expect(() => sampleArch(micro('zero'), createRng(0))).toThrow(/only 'zero' is allowed/);
  });

  it('changes exactly one edge of a cell, keeping it valid', () => {
    const rng = createRng(3);
    for (const space of spaces.slice(0, 4))
      for (let i = 0; i < 1000; i++) {
        const parent = sampleArch(space, rng) as MicroArch;
        const child = mutate(parent, space, rng) as MicroArch;
        expect(isValid(child, space)).toBe(true);
        expect(child.ops.filter((op, e) => op !== parent.ops[e]).length).toBe(1);
      }
  });

  it('changes one macro decision, keeping it valid, with every kind of move', () => {
    const rng = createRng(4);
    const seen = new Set<string>();
    for (const space of [spaces[5], spaces[7]])
      for (let i = 0; i < 1000; i++) {
        const parent = sampleArch(space, rng) as MacroArch;
        const child = mutate(parent, space, rng) as MacroArch;
        expect(isValid(child, space)).toBe(true);
        expect(archKey(child)).not.toBe(archKey(parent));
        const depthChange = child.layers.length - parent.layers.length;
        expect(Math.abs(depthChange)).toBeLessThanOrEqual(1);
        if (depthChange !== 0) seen.add(depthChange > 0 ? 'add' : 'remove');
        else {
          const changed = child.layers.filter(
            (l, k) => JSON.stringify(l) !== JSON.stringify(parent.layers[k]),
          );
          expect(changed.length).toBe(1);
          const k = child.layers.indexOf(changed[0]);
          const fields = (['width', 'activation', 'skip'] as const).filter(
            (f) => changed[0][f] !== parent.layers[k][f],
          );
          expect(fields.length).toBe(1);
          seen.add(fields[0]);
        }
      }
    expect([...seen].sort()).toEqual(['activation', 'add', 'remove', 'skip', 'width']);
  });

  it('refuses to mutate the only architecture of a space', () => {
    const space = macro({
      minLayers: 2,
      maxLayers: 2,
      widths: [16],
      activations: ['tanh'],
      skips: false,
    });
    expect(() => mutate(sampleArch(space, createRng(0)), space, createRng(0))).toThrow(
      /single architecture/,
    );
  });
});

describe('tuning parameters and encoding', () => {
  it('maps architectures to tuning params and back', () => {
    const rng = createRng(5);
    for (const space of spaces)
      for (let i = 0; i < 100; i++) {
        const arch = sampleArch(space, rng);
        expect(fromParams(toParams(arch), space.kind)).toEqual(arch);
      }
  });

  it('drops the layers beyond the depth', () => {
    const space = macro({ maxLayers: 3 });
    expect(searchSpaceOf(space).map((d) => d.name)).toEqual([
      'layers',
      ...[1, 2, 3].flatMap((i) => [`width${i}`, `activation${i}`, `skip${i}`]),
    ]);
    const params = {
      layers: 1,
      width1: 8,
      activation1: 'elu',
      skip1: 'on',
      width2: 64,
      activation2: 'relu',
      skip2: 'off',
    };
    expect(fromParams(params, 'macro')).toEqual({
      kind: 'macro',
      layers: [{ width: 8, activation: 'elu', skip: true }],
    });
    expect(searchSpaceOf(micro('skip', 'dense')).map((d) => d.name)).toEqual([
      'n0-n1',
      'n0-n2',
      'n1-n2',
      'n0-n3',
      'n1-n3',
      'n2-n3',
    ]);
  });

  it('encodes one-hot, with absent layers all zero', () => {
    const space = macro({ maxLayers: 2, widths: [8, 16], activations: ['relu', 'tanh'] });
    const arch: MacroArch = {
      kind: 'macro',
      layers: [{ width: 16, activation: 'relu', skip: true }],
    };
    const code = encodeArch(arch, space);
    expect(code.length).toBe(encodedLength(searchSpaceOf(space)));
    // layers [1, 2] | width1 [8, 16] | activation1 | skip1 [off, on] | layer 2: zeros.
    expect(code).toEqual([1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect(
      encodeArch(
        { kind: 'micro', ops: ['zero', 'skip', 'dense', 'dense', 'skip', 'zero'] },
        micro(...cellOps),
      ),
    ).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 0]);
  });
});

describe('archGraph', () => {
  it('draws the cell without its zero edges', () => {
    const graph = archGraph({
      kind: 'micro',
      ops: ['dense', 'zero', 'skip', 'zero', 'zero', 'dense'],
    });
    expect(graph.nodes.map((n) => n.label)).toEqual(['input', 'node 1', 'node 2', 'output']);
    expect(graph.edges).toEqual([
      { from: 0, to: 1, label: 'dense', skip: false },
      { from: 1, to: 2, label: 'skip', skip: true },
      { from: 2, to: 3, label: 'dense', skip: false },
    ]);
  });

  it('draws the chain with its skip edges', () => {
    const graph = archGraph({
      kind: 'macro',
      layers: [
        { width: 32, activation: 'relu', skip: false },
        { width: 16, activation: 'tanh', skip: true },
      ],
    });
    expect(graph.nodes.map((n) => n.label)).toEqual(['input', '32 relu', '16 tanh', 'output']);
    expect(graph.edges).toEqual([
      { from: 0, to: 1, label: 'dense', skip: false },
      { from: 1, to: 2, label: 'dense', skip: false },
      { from: 2, to: 3, label: 'dense', skip: false },
      { from: 1, to: 2, label: 'skip', skip: true },
    ]);
  });
});
