/**
 * Fake quantization with TensorFlow's `fake_quant_with_min_max_vars` semantics: values are
 * clamped to a range nudged so that real 0 falls exactly on one of the 2^bits levels, snapped to
 * the nearest level and returned as floats. Every step is rounded to float32 (Math.fround), as TF
 * computes it, so the output is bit-for-bit TF's. Reference: Nudge() and
 * FakeQuantWithMinMaxVars(Gradient)Functor in tensorflow/core/kernels/fake_quant_ops_functor.h.
 */

const f = Math.fround;

/** The quantization grid: levels nudgedMin + k * scale for k = 0 .. quantMax - quantMin. */
export interface NudgedRange {
  nudgedMin: number;
  nudgedMax: number;
  /** Step between levels: (max - min) / (quantMax - quantMin), float32. */
  scale: number;
  /** Smallest integer code: 1 with a narrow range, else 0. */
  quantMin: number;
  /** Largest integer code: 2^bits - 1. */
  quantMax: number;
  /** The code of real 0, in [quantMin, quantMax]. */
  zeroPoint: number;
}

/** Throws a readable Error unless 2 <= bits <= 16 (an integer) and min <= max, both finite. */
export function validateFakeQuant(min: number, max: number, bits: number): void {
  if (!Number.isInteger(bits) || bits < 2 || bits > 16)
    throw new Error(`fake quantization needs an integer bit width from 2 to 16, got ${bits}`);
  if (!Number.isFinite(min) || !Number.isFinite(max))
    throw new Error(`fake quantization needs a finite range, got [${min}, ${max}]`);
  if (min > max) throw new Error(`fake quantization needs min <= max, got [${min}, ${max}]`);
  if (min === max && min !== 0)
    throw new Error(`fake quantization needs min < max (or both 0), got [${min}, ${max}]`);
}

/**
 * TF's Nudge(): scale = (max - min) / (quantMax - quantMin); zero point
 * z = round(quantMin - min / scale) clamped to [quantMin, quantMax] (half away from zero, here
 * always >= 0); nudgedMin = (quantMin - z) scale, nudgedMax = (quantMax - z) scale. A range that
 * excludes 0 is thereby moved to end at 0. min = max = 0 (TF's special case) gives scale 0.
 */
export function nudge(min: number, max: number, bits: number, narrowRange: boolean): NudgedRange {
  validateFakeQuant(min, max, bits);
  const quantMin = narrowRange ? 1 : 0;
  const quantMax = 2 ** bits - 1;
  if (min === 0 && max === 0)
    return { nudgedMin: 0, nudgedMax: 0, scale: 0, quantMin, quantMax, zeroPoint: quantMin };
  const scale = f(f(f(max) - f(min)) / (quantMax - quantMin));
  const zeroPointFromMin = f(quantMin - f(f(min) / scale));
  const zeroPoint =
    zeroPointFromMin < quantMin
      ? quantMin
      : zeroPointFromMin > quantMax
        ? quantMax
        : Math.round(zeroPointFromMin);
  return {
    nudgedMin: f((quantMin - zeroPoint) * scale),
    nudgedMax: f((quantMax - zeroPoint) * scale),
    scale,
    quantMin,
    quantMax,
    zeroPoint,
  };
}

/**
 * One value of the forward pass: floor((clamp(x) - nudgedMin) / scale + 1/2) scale + nudgedMin,
 * clamp to [nudgedMin, nudgedMax]. (Later TF versions compute floor(... - zeroPoint + 1/2) scale
 * instead: the same levels except within a float32 rounding of a level boundary.)
 */
export function fakeQuantValue(x: number, range: NudgedRange): number {
  const { nudgedMin, nudgedMax, scale } = range;
  if (scale === 0) return 0;
  const clamped = Math.max(Math.min(f(x), nudgedMax), nudgedMin);
  const level = Math.floor(f(f(f(clamped - nudgedMin) / scale) + 0.5));
  return f(f(level * scale) + nudgedMin);
}

/** x: [n]. Returns the fake-quantized x: [n], float32 (TF's FakeQuantWithMinMaxVars). */
export function fakeQuant(
  x: Float32Array,
  min: number,
  max: number,
  bits: number,
  narrowRange: boolean,
): Float32Array {
  const range = nudge(min, max, bits, narrowRange);
  return x.map((value) => fakeQuantValue(value, range));
}

/**
 * The straight-through estimator, TF's FakeQuantWithMinMaxVarsGradient with respect to x:
 * dL/dx = dy where nudgedMin <= x <= nudgedMax, else 0 (for min = max = 0, dy everywhere).
 * x, dy: [n]. Returns dL/dx: [n].
 */
export function fakeQuantGradient(
  x: Float32Array,
  dy: Float32Array,
  min: number,
  max: number,
  bits: number,
  narrowRange: boolean,
): Float32Array {
  if (x.length !== dy.length)
    throw new Error(`fakeQuantGradient: x has ${x.length} values but dy has ${dy.length}`);
  const { nudgedMin, nudgedMax, scale } = nudge(min, max, bits, narrowRange);
  if (scale === 0) return Float32Array.from(dy);
  // dy times a 0/1 mask, as TF multiplies: a negative dy outside the range gives -0.
  return dy.map((g, i) => g * (x[i] >= nudgedMin && x[i] <= nudgedMax ? 1 : 0));
}
