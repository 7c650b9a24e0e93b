import type { Rng } from '../rng';
import type { Dataset } from './types';

/**
 * Synthetic datasets, each a documented formula plus Gaussian noise of standard deviation `noise`
 * (in the data's own units). Classes alternate or split evenly, so every class has n/k rows.
 * With noise 0, `circles` and `moons` equal scikit-learn's make_circles / make_moons
 * (shuffle=False) point for point; tests check that against committed goldens.
 */
export interface SyntheticOptions {
  samples: number;
  noise: number;
}

type Point = [number, number];

function twoD(
  name: string,
  task: Dataset['task'],
  classes: string[],
  points: Point[],
  y: number[],
): Dataset {
  const x = new Float32Array(points.length * 2);
  points.forEach(([a, b], i) => {
    x[2 * i] = a;
    x[2 * i + 1] = b;
  });
  return {
    name,
    task,
    rows: points.length,
    features: 2,
    x,
    y: task === 'classification' ? Int32Array.from(y) : Float32Array.from(y),
    classes,
    featureNames: ['x1', 'x2'],
    shape: null,
  };
}

const jitter = (p: Point, noise: number, rng: Rng): Point =>
  noise > 0 ? [p[0] + noise * rng.normal(), p[1] + noise * rng.normal()] : p;

/** Two concentric circles: outer radius 1 (class 0), inner radius 0.5 (class 1); angles evenly spaced. */
export function circles({ samples, noise }: SyntheticOptions, rng: Rng): Dataset {
  const nOut = Math.floor(samples / 2);
  const nIn = samples - nOut;
  const points: Point[] = [];
  const y: number[] = [];
  for (let i = 0; i < nOut; i++) {
    const t = (2 * Math.PI * i) / nOut;
    points.push([Math.cos(t), Math.sin(t)]);
    y.push(0);
  }
  for (let i = 0; i < nIn; i++) {
    const t = (2 * Math.PI * i) / nIn;
    points.push([0.5 * Math.cos(t), 0.5 * Math.sin(t)]);
    y.push(1);
  }
  return twoD(
    'circles',
    'classification',
    ['outer', 'inner'],
    points.map((p) => jitter(p, noise, rng)),
    y,
  );
}

/** Two interleaving half circles: (cos t, sin t) and (1 - cos t, 0.5 - sin t), t evenly in [0, pi]. */
export function moons({ samples, noise }: SyntheticOptions, rng: Rng): Dataset {
  const nOut = Math.floor(samples / 2);
  const nIn = samples - nOut;
  const points: Point[] = [];
  const y: number[] = [];
  for (let i = 0; i < nOut; i++) {
    const t = nOut > 1 ? (Math.PI * i) / (nOut - 1) : 0;
    points.push([Math.cos(t), Math.sin(t)]);
    y.push(0);
  }
  for (let i = 0; i < nIn; i++) {
    const t = nIn > 1 ? (Math.PI * i) / (nIn - 1) : 0;
    points.push([1 - Math.cos(t), 1 - Math.sin(t) - 0.5]);
    y.push(1);
  }
  return twoD(
    'moons',
    'classification',
    ['upper', 'lower'],
    points.map((p) => jitter(p, noise, rng)),
    y,
  );
}

/**
 * Two interleaved spirals (TensorFlow Playground's): for i < n/2, r = 5 i / (n/2),
 * t = 1.75 * 2 pi i / (n/2) + delta, point (r sin t, r cos t); delta = 0 for class 0, pi for class 1.
 */
export function spirals({ samples, noise }: SyntheticOptions, rng: Rng): Dataset {
  const half = Math.floor(samples / 2);
  const points: Point[] = [];
  const y: number[] = [];
  for (const [label, delta] of [
    [0, 0],
    [1, Math.PI],
  ] as const) {
    const count = label === 0 ? half : samples - half;
    for (let i = 0; i < count; i++) {
      const r = (5 * i) / count;
      const t = (1.75 * 2 * Math.PI * i) / count + delta;
      points.push(jitter([r * Math.sin(t), r * Math.cos(t)], noise, rng));
      y.push(label);
    }
  }
  return twoD('spirals', 'classification', ['arm A', 'arm B'], points, y);
}

/** Three Gaussian blobs centred at radius 2 and angles 90, 210, 330 degrees, sd 0.4 + noise. */
export function blobs({ samples, noise }: SyntheticOptions, rng: Rng): Dataset {
  const k = 3;
  const sd = 0.4 + noise;
  const points: Point[] = [];
  const y: number[] = [];
  for (let i = 0; i < samples; i++) {
    const label = i % k;
    const angle = Math.PI / 2 + (2 * Math.PI * label) / k;
    points.push([2 * Math.cos(angle) + sd * rng.normal(), 2 * Math.sin(angle) + sd * rng.normal()]);
    y.push(label);
  }
  return twoD('blobs', 'classification', ['A', 'B', 'C'], points, y);
}

/** XOR: points uniform in [-5, 5]^2 (kept 0.3 away from the axes); class 1 when x1 * x2 >= 0. */
export function xor({ samples, noise }: SyntheticOptions, rng: Rng): Dataset {
  const points: Point[] = [];
  const y: number[] = [];
  const away = (v: number) => (v >= 0 ? v + 0.3 : v - 0.3);
  for (let i = 0; i < samples; i++) {
    const p: Point = [away(rng.uniform(-4.7, 4.7)), away(rng.uniform(-4.7, 4.7))];
    y.push(p[0] * p[1] >= 0 ? 1 : 0);
    points.push(jitter(p, noise, rng));
  }
  return twoD('xor', 'classification', ['opposite signs', 'same signs'], points, y);
}

/** Regression plane: x uniform in [-6, 6]^2, target (x1 + x2) / 12 + noise * N(0, 1). */
export function plane({ samples, noise }: SyntheticOptions, rng: Rng): Dataset {
  const points: Point[] = [];
  const y: number[] = [];
  for (let i = 0; i < samples; i++) {
    const p: Point = [rng.uniform(-6, 6), rng.uniform(-6, 6)];
    points.push(p);
    y.push((p[0] + p[1]) / 12 + noise * rng.normal());
  }
  return twoD('plane', 'regression', [], points, y);
}

/**
 * Regression on two Gaussian bumps: x uniform in [-6, 6]^2,
 * target exp(-|x - (-2, 2)|^2 / 4) - exp(-|x - (2, -2)|^2 / 4) + noise * N(0, 1).
 */
export function bumps({ samples, noise }: SyntheticOptions, rng: Rng): Dataset {
  const points: Point[] = [];
  const y: number[] = [];
  const bump = (p: Point, cx: number, cy: number) =>
    Math.exp(-((p[0] - cx) ** 2 + (p[1] - cy) ** 2) / 4);
  for (let i = 0; i < samples; i++) {
    const p: Point = [rng.uniform(-6, 6), rng.uniform(-6, 6)];
    points.push(p);
    y.push(bump(p, -2, 2) - bump(p, 2, -2) + noise * rng.normal());
  }
  return twoD('bumps', 'regression', [], points, y);
}

/**
 * Friedman #1 (Friedman 1991; scikit-learn's make_friedman1): 10 features uniform in [0, 1],
 * target 10 sin(pi x1 x2) + 20 (x3 - 0.5)^2 + 10 x4 + 5 x5 + noise * N(0, 1); x6..x10 are pure noise.
 */
export function friedman1({ samples, noise }: SyntheticOptions, rng: Rng): Dataset {
  const features = 10;
  const x = new Float32Array(samples * features);
  const y = new Float32Array(samples);
  for (let i = 0; i < samples; i++) {
    const row = Array.from({ length: features }, () => rng.next());
    x.set(row, i * features);
    y[i] =
      10 * Math.sin(Math.PI * row[0] * row[1]) +
      20 * (row[2] - 0.5) ** 2 +
      10 * row[3] +
      5 * row[4] +
      noise * rng.normal();
  }
  return {
    name: 'friedman1',
    task: 'regression',
    rows: samples,
    features,
    x,
    y,
    classes: [],
    featureNames: Array.from({ length: features }, (_, i) => `x${i + 1}`),
    shape: null,
  };
}

export const syntheticGenerators = {
  circles,
  moons,
  spirals,
  blobs,
  xor,
  plane,
  bumps,
  friedman1,
} as const;
