import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { addSkip, deepen, widen, type Morphed } from '../../src/engine/nas/morphism';
import { buildNetwork, scaledWidth, type NasNetwork } from '../../src/engine/nas/network';
import { macroActivations, type MacroArch, type NetworkFrame } from '../../src/engine/nas/types';
import { createRng, type Rng } from '../../src/engine/rng';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const frame: NetworkFrame = {
  inputs: 9,
  outputs: 4,
  width: 8,
  cells: 1,
  widthMultiplier: 1,
  seed: 1,
};

/** A random macro architecture of 1-5 layers, widths 2-12, any activations, random skips. */
function randomArch(rng: Rng): MacroArch {
  const depth = 1 + rng.int(5);
  return {
    kind: 'macro',
    layers: Array.from({ length: depth }, () => ({
      width: 2 + rng.int(11),
      activation: macroActivations[rng.int(macroActivations.length)],
      skip: rng.next() < 0.5,
    })),
  };
}

/** A parent with every variable random (biases too), as after training. */
function randomParent(arch: MacroArch, seed: number, widthMultiplier = 1): NasNetwork {
  const net = buildNetwork(arch, { ...frame, seed, widthMultiplier });
  const rng = createRng(seed + 100);
  for (const v of net.variables) {
    tf.tidy(() =>
      v.assign(
        tf.tensor(
          Array.from({ length: v.size }, () => rng.normal() * 0.7),
          v.shape,
        ),
      ),
    );
  }
  return net;
}

/** Inputs of both signs: x ~ N(0, 2^2). */
const inputs = (rng: Rng) =>
  tf.tensor2d(
    Array.from({ length: 16 * 9 }, () => 2 * rng.normal()),
    [16, 9],
  );

function maxDifference(a: NasNetwork, b: NasNetwork, x: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a.forward(x), b.forward(x)))).arraySync() as number);
}

/** The child's architecture describes its variables: depth 1..6, every shape as the frame says. */
function expectValidChild({ network, arch }: Morphed): void {
  expect(arch.layers.length).toBeGreaterThanOrEqual(1);
  expect(arch.layers.length).toBeLessThanOrEqual(6);
  const weights = network.weights;
  if (weights.kind !== 'macro') throw new Error('macro expected');
  expect(network.arch).toEqual(arch);
  expect(weights.layers).toHaveLength(arch.layers.length);
  let inputs = frame.inputs;
  arch.layers.forEach((layer, l) => {
    const units = scaledWidth(layer.width, network.frame);
    const variables = weights.layers[l];
    expect(Number.isInteger(layer.width) && layer.width >= 1).toBe(true);
    expect(variables.kernel.shape).toEqual([inputs, units]);
    expect(variables.bias.shape).toEqual([units]);
    expect(variables.activation).toBe(layer.activation);
    expect(variables.skip !== null).toBe(layer.skip);
    if (variables.skip === 'identity') expect(inputs).toBe(units);
    else if (variables.skip) expect(variables.skip.shape).toEqual([inputs, units]);
    inputs = units;
  });
  expect(weights.head.kernel.shape).toEqual([inputs, frame.outputs]);
}

type Morphism = (net: NasNetwork, arch: MacroArch, rng: Rng) => Promise<Morphed | null>;

const morphisms: Record<string, Morphism> = {
  'widen (Net2WiderNet)': async (net, arch, rng) => {
    const l = rng.int(arch.layers.length);
    return widen(net, l, arch.layers[l].width + 1 + rng.int(8), rng);
  },
  'deepen (identity layer)': async (net, arch, rng) => deepen(net, rng.int(arch.layers.length)),
  'addSkip (zero projection)': async (net, arch, rng) => {
    const free = arch.layers.flatMap((layer, l) => (layer.skip ? [] : [l]));
    return free.length ? addSkip(net, free[rng.int(free.length)]) : null;
  },
};

describe('network morphisms preserve the function (to 1e-5)', () => {
  for (const [name, morph] of Object.entries(morphisms)) {
    it(`${name}: 25 random parents, random layers and widths`, async () => {
      const rng = createRng(name.length);
      let checked = 0;
      for (let trial = 0; trial < 25; trial++) {
        const arch = randomArch(rng);
        const parent = randomParent(arch, trial);
        const x = inputs(rng);
        const before = parent.forward(x).arraySync();
        const child = await morph(parent, arch, rng);
        if (!child) {
          tf.dispose([x]);
          parent.dispose();
          continue;
        }
        expect(maxDifference(parent, child.network, x)).toBeLessThan(1e-5);
        expectValidChild(child);
        // The parent is untouched, and the child's variables are its own.
        expect(parent.arch).toEqual(arch);
        child.network.dispose();
        expect(parent.forward(x).arraySync()).toEqual(before);
        tf.dispose([x]);
        parent.dispose();
        checked++;
      }
      expect(checked).toBeGreaterThan(15);
    });
  }

  it('composes: a chain of 8 random morphisms under a width multiplier of 0.5', async () => {
    const rng = createRng(11);
    const arch: MacroArch = {
      kind: 'macro',
      layers: [
        { width: 8, activation: 'tanh', skip: true },
        { width: 6, activation: 'relu', skip: false },
      ],
    };
    let current: Morphed = { network: randomParent(arch, 5, 0.5), arch };
    const first = current.network;
    const x = inputs(rng);
    for (let step = 0; step < 8; step++) {
      const names = Object.keys(morphisms).filter(
        (n) => !n.startsWith('deepen') || current.arch.layers.length < 6,
      );
      const next = await morphisms[names[rng.int(names.length)]](
        current.network,
        current.arch,
        rng,
      );
      if (!next) continue;
      expect(maxDifference(first, next.network, x)).toBeLessThan(1e-5);
      expectValidChild(next);
      if (current.network !== first) current.network.dispose();
      current = next;
    }
    if (current.network !== first) current.network.dispose();
    first.dispose();
    x.dispose();
  });
});

describe('what each morphism builds', () => {
  const arch: MacroArch = {
    kind: 'macro',
    layers: [
      { width: 4, activation: 'relu', skip: false },
      { width: 4, activation: 'elu', skip: true },
      { width: 3, activation: 'sigmoid', skip: false },
    ],
  };

  it('widen copies units: new columns repeat old ones, the next rows are split among the copies', async () => {
    const parent = randomParent(arch, 3);
    const { network } = await widen(parent, 0, 7, createRng(1));
    const [p, c] = [parent.weights, network.weights];
    if (p.kind !== 'macro' || c.kind !== 'macro') throw new Error('macro expected');
    const parentKernel = p.layers[0].kernel.arraySync();
    const childKernel = c.layers[0].kernel.arraySync();
    const nextParent = p.layers[1].kernel.arraySync();
    const nextChild = c.layers[1].kernel.arraySync();
    expect(c.layers[0].kernel.shape).toEqual([9, 7]);
    // Each child unit j is a copy of some parent unit g(j); the copies' outgoing rows sum to the original.
    const g = Array.from({ length: 7 }, (_, j) =>
      parentKernel[0].findIndex((_, i) =>
        parentKernel.every((row, r) => row[i] === childKernel[r][j]),
      ),
    );
    expect(g.slice(0, 4)).toEqual([0, 1, 2, 3]);
    expect(g.every((i) => i >= 0)).toBe(true);
    for (let i = 0; i < 4; i++) {
      const copies = g.flatMap((gi, j) => (gi === i ? [j] : []));
      nextParent[i].forEach((w, k) =>
        expect(copies.reduce((s, j) => s + nextChild[j][k], 0)).toBeCloseTo(w, 6),
      );
    }
    // Layer 2's identity skip (4 -> 4) became a projection 7 -> 4.
    expect(p.layers[1].skip).toBe('identity');
    expect((c.layers[1].skip as tf.Variable).shape).toEqual([7, 4]);
    parent.dispose();
    network.dispose();
  });

  it('deepen inserts relu(h I) after a non-negative layer, tanh(h 0) + h after the others', async () => {
    const parent = randomParent(arch, 4);
    const afterRelu = await deepen(parent, 0);
    expect(afterRelu.arch.layers[1]).toEqual({ width: 4, activation: 'relu', skip: false });
    const afterElu = await deepen(parent, 1);
    expect(afterElu.arch.layers[2]).toEqual({ width: 4, activation: 'tanh', skip: true });
    const afterSigmoid = await deepen(parent, 2);
    expect(afterSigmoid.arch.layers[3]).toEqual({ width: 3, activation: 'relu', skip: false });
    expect(afterSigmoid.arch.layers).toHaveLength(4);
    [parent, afterRelu.network, afterElu.network, afterSigmoid.network].forEach((n) => n.dispose());
  });

  it('refuses what it cannot do: shrinking, a second skip, a micro network, a missing layer', async () => {
    const parent = randomParent(arch, 5);
    await expect(widen(parent, 0, 3, createRng(1))).rejects.toThrow(/shrink/);
    await expect(addSkip(parent, 1)).rejects.toThrow(/already has a skip/);
    await expect(deepen(parent, 3)).rejects.toThrow(/no layer 4/);
    const micro = buildNetwork(
      { kind: 'micro', ops: ['skip', 'zero', 'zero', 'skip', 'zero', 'zero'] },
      frame,
    );
    await expect(deepen(micro, 0)).rejects.toThrow(/macro/);
    micro.dispose();
    parent.dispose();
  });

  it('leaves the tensor count where it was once parent and child are disposed', async () => {
    const before = tf.memory().numTensors;
    const parent = randomParent(arch, 6);
    const children = [
      await widen(parent, 1, 9, createRng(2)),
      await deepen(parent, 1),
      await addSkip(parent, 2),
    ];
    children.forEach((child) => child.network.dispose());
    parent.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
