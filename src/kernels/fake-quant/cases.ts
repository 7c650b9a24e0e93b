import { nudge, type NudgedRange } from '../../engine/quantization/fake-quant';
import { createRng } from '../../engine/rng';

export interface FakeQuantCase {
  n: number;
  min: number;
  max: number;
  bits: number;
  narrowRange: boolean;
  seed: number;
}

/**
 * The table every fake-quantization check runs (Node and /diagnostics): 2 to 16 bits, regular
 * and narrow ranges, ranges that exclude 0 (nudged to end at 0), TF's min = max = 0 case, and
 * lengths around the 256-value workgroup. (More than 65,535 workgroups, a two-row grid, is 16.8
 * million values: the Node kernel test covers it, the page does not.)
 */
export const fakeQuantCases: FakeQuantCase[] = [
  { n: 1, min: -1, max: 1, bits: 8, narrowRange: false, seed: 1 },
  { n: 255, min: -0.1, max: 63.65, bits: 8, narrowRange: false, seed: 2 },
  { n: 257, min: 0.5, max: 128, bits: 8, narrowRange: false, seed: 3 },
  { n: 1000, min: -127.1, max: -0.1, bits: 8, narrowRange: true, seed: 4 },
  { n: 4097, min: -0.4, max: 0.6, bits: 2, narrowRange: true, seed: 5 },
  { n: 999, min: -6, max: 1.5, bits: 4, narrowRange: false, seed: 6 },
  { n: 10_001, min: -0.3, max: 0.2, bits: 12, narrowRange: true, seed: 7 },
  { n: 65_537, min: -1, max: 1, bits: 16, narrowRange: false, seed: 8 },
  { n: 100, min: 0, max: 0, bits: 8, narrowRange: false, seed: 9 },
];

/**
 * Seeded x [n]: half uniform over the range widened by a quarter on each side (so some values
 * are clamped), a quarter exactly on the grid (nudgedMin + k scale in float32), and the rest
 * the ends, 0 and +-1e6.
 */
export function fakeQuantInputs(c: FakeQuantCase): Float32Array {
  const rng = createRng(c.seed);
  const range = nudge(c.min, c.max, c.bits, c.narrowRange);
  const { nudgedMin, nudgedMax, scale, quantMin, quantMax } = range;
  const margin = Math.max((c.max - c.min) / 4, 1e-3);
  const specials = [nudgedMin, nudgedMax, 0, -1e6, 1e6, c.min, c.max];
  return Float32Array.from({ length: c.n }, (_, i) => {
    if (i % 4 < 2) return rng.uniform(c.min - margin, c.max + margin);
    if (i % 4 === 2) return Math.fround(rng.int(quantMax - quantMin + 1) * scale) + nudgedMin;
    return specials[rng.int(specials.length)];
  });
}

const ulp32 = (v: number) => 2 ** (Math.floor(Math.log2(Math.max(Math.abs(v), 2 ** -126))) - 23);

/**
 * How far the GPU's y is from the CPU twin's, in units of the range's magnitude
 * R = max(|nudgedMin|, |nudgedMax|): max |gpu - cpu| / R over all values, except that a value
 * whose quotient (clamp(x) - nudgedMin) / scale lies within 8 ulps of a rounding boundary j + 1/2
 * may land on the neighbouring level (|gpu - cpu| = scale) at no cost. Why: WGSL computes f32
 * division to 2.5 ulps, not correctly rounded as the CPU (and TF) does, and only there can floor
 * pick another level.
 */
export function fakeQuantError(
  x: Float32Array,
  gpu: Float32Array,
  cpu: Float32Array,
  { nudgedMin, nudgedMax, scale }: NudgedRange,
): number {
  if (gpu.length !== cpu.length) return Infinity;
  const magnitude = Math.max(Math.abs(nudgedMin), Math.abs(nudgedMax), 2 ** -126);
  let worst = 0;
  for (let i = 0; i < cpu.length; i++) {
    const difference = Math.abs(gpu[i] - cpu[i]);
    if (Number.isNaN(difference)) return Infinity;
    if (scale > 0 && Math.abs(difference - scale) <= FAKE_QUANT_TOLERANCE * magnitude) {
      const clamped = Math.max(Math.min(x[i], nudgedMax), nudgedMin);
      const quotient = Math.fround(clamped - nudgedMin) / scale;
      const fromHalf = Math.abs(quotient - Math.floor(quotient) - 0.5);
      if (fromHalf <= 8 * ulp32(quotient + 0.5)) continue;
    }
    worst = Math.max(worst, difference / magnitude);
  }
  return worst;
}

/**
 * 2^-21 = two float32 ulps of 2R: the GPU may fuse the last step level * scale + nudgedMin into
 * one fused multiply-add (one rounding instead of two), which moves y by at most one ulp of
 * |level * scale| <= 2R. A wrong level costs scale >= 2R / 65,535, far above this.
 */
export const FAKE_QUANT_TOLERANCE = 2 ** -21;
