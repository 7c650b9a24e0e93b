import { createRng, type Rng } from '../rng';

/** MNIST's image side: records are 28 x 28 grey bytes. */
export const SIDE = 28;
export const PIXELS = SIDE * SIDE;

/** What the augment stage draws for every image. */
export interface AugmentOptions {
  /** Largest rotation in degrees; the angle is uniform in [-rotation, rotation]. */
  rotation: number;
  /** Largest shift in pixels, per axis. */
  shift: number;
  /** Width of the Gaussian that smooths the elastic displacement field; 0: no elastic distortion. */
  elasticSigma: number;
  /** Scale of the smoothed displacement field, in pixels. */
  elasticAlpha: number;
  /** Standard deviation of the additive Gaussian pixel noise. */
  noise: number;
}

/**
 * The seed of one element's augmentation in one epoch: a pure function of (seed, epoch, element),
 * so any worker draws the same augmentation for it and a run is reproducible whatever the
 * scheduling (createRng mixes the bits through splitmix32).
 */
export const elementSeed = (seed: number, epoch: number, element: number): number =>
  (Math.imul(seed, 0x9e3779b1) ^
    Math.imul(epoch + 1, 0x85ebca6b) ^
    Math.imul(element, 0xc2b2ae35)) >>>
  0;

/** Decode: stored bytes k [784] to pixels k * scale in `out` [784] (MNIST stores k / 255 as k). */
export function decodeRecord(record: Uint8Array, scale: number, out: Float32Array): void {
  for (let i = 0; i < PIXELS; i++) out[i] = record[i] * scale;
}

/** Normalized Gaussian taps exp(-t^2 / 2 sigma^2) for t in [-radius, radius], radius = ceil(3 sigma). */
export function gaussianTaps(sigma: number): Float32Array {
  const radius = Math.ceil(3 * sigma);
  const taps = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let t = -radius; t <= radius; t++) {
    taps[t + radius] = Math.exp(-(t * t) / (2 * sigma * sigma));
    sum += taps[t + radius];
  }
  for (let i = 0; i < taps.length; i++) taps[i] /= sum;
  return taps;
}

/** Separable Gaussian blur of a [28, 28] field with zero padding, in place (`scratch`: [784]). */
function blur(field: Float32Array, taps: Float32Array, scratch: Float32Array): void {
  const radius = (taps.length - 1) / 2;
  for (let r = 0; r < SIDE; r++) {
    for (let c = 0; c < SIDE; c++) {
      let sum = 0;
      for (let t = -radius; t <= radius; t++) {
        const cc = c + t;
        if (cc >= 0 && cc < SIDE) sum += taps[t + radius] * field[r * SIDE + cc];
      }
      scratch[r * SIDE + c] = sum;
    }
  }
  for (let r = 0; r < SIDE; r++) {
    for (let c = 0; c < SIDE; c++) {
      let sum = 0;
      for (let t = -radius; t <= radius; t++) {
        const rr = r + t;
        if (rr >= 0 && rr < SIDE) sum += taps[t + radius] * scratch[rr * SIDE + c];
      }
      field[r * SIDE + c] = sum;
    }
  }
}

/** Bilinear sample of a [28, 28] image at (x, y), zero outside. */
function sample(image: Float32Array, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const at = (xx: number, yy: number) =>
    xx >= 0 && xx < SIDE && yy >= 0 && yy < SIDE ? image[yy * SIDE + xx] : 0;
  return (
    (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) +
    fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1))
  );
}

/**
 * Augment: output pixel p (about the centre c = 13.5) reads the input at R(-theta)(p - c) + c - t
 * + alpha * (G_sigma * u)(p), where theta and t are the drawn rotation and shift, u is a field of
 * U(-1, 1) displacements per pixel and axis and G_sigma * u its Gaussian smoothing (Simard et al.
 * 2003's elastic distortion); bilinear interpolation, zero outside; then N(0, noise^2) is added
 * and the pixel clipped to [0, 1]. image, out: [784]; `taps` = gaussianTaps(elasticSigma).
 */
export function augmentImage(
  image: Float32Array,
  options: AugmentOptions,
  rng: Rng,
  out: Float32Array,
  taps: Float32Array | null,
): void {
  const theta = (rng.uniform(-options.rotation, options.rotation) * Math.PI) / 180;
  const tx = rng.uniform(-options.shift, options.shift);
  const ty = rng.uniform(-options.shift, options.shift);
  const [cos, sin] = [Math.cos(theta), Math.sin(theta)];
  const centre = (SIDE - 1) / 2;
  let dx: Float32Array | null = null;
  let dy: Float32Array | null = null;
  if (taps && options.elasticAlpha > 0) {
    dx = new Float32Array(PIXELS);
    dy = new Float32Array(PIXELS);
    for (let i = 0; i < PIXELS; i++) {
      dx[i] = rng.uniform(-1, 1);
      dy[i] = rng.uniform(-1, 1);
    }
    const scratch = new Float32Array(PIXELS);
    blur(dx, taps, scratch);
    blur(dy, taps, scratch);
  }
  const alpha = options.elasticAlpha;
  for (let r = 0; r < SIDE; r++) {
    for (let c = 0; c < SIDE; c++) {
      const [px, py] = [c - centre, r - centre];
      let x = cos * px + sin * py + centre - tx;
      let y = -sin * px + cos * py + centre - ty;
      if (dx && dy) {
        x += alpha * dx[r * SIDE + c];
        y += alpha * dy[r * SIDE + c];
      }
      let v = sample(image, x, y);
      if (options.noise > 0) v += options.noise * rng.normal();
      out[r * SIDE + c] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
  }
}

/** The augmentation of element `element` in `epoch`: a fresh generator from elementSeed. */
export const elementRng = (seed: number, epoch: number, element: number): Rng =>
  createRng(elementSeed(seed, epoch, element));
