/**
 * TFLite's fixed-point requantization: a real multiplier M (e.g. s_in * s_w / s_out) becomes an
 * int32 Q0.31 significand and a power-of-two shift, M ~ multiplier * 2^(shift - 31), and an int32
 * accumulator is scaled by it with integer operations only (gemmlowp's fixedpoint.h and
 * tensorflow/lite/kernels/internal/common.h, the default double-rounding variant).
 *
 * All results are bit-exact with the C++ int64 arithmetic. The 64-bit product is formed from
 * 16-bit halves in doubles (every partial sum below 2^53), so no BigInt is needed.
 */

import { roundHalfAwayFromZero } from './affine';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const TWO_31 = 2147483648;

/** Q0.31 significand and shift of a real multiplier: M ~ multiplier * 2^(shift - 31). */
export interface QuantizedMultiplier {
  multiplier: number;
  shift: number;
}

const frexpView = new DataView(new ArrayBuffer(8));

/** std::frexp: x = fraction * 2^exponent with 0.5 <= |fraction| < 1 (x finite, non-zero). */
export function frexp(x: number): { fraction: number; exponent: number } {
  frexpView.setFloat64(0, x);
  const high = frexpView.getUint32(0);
  const biased = (high >>> 20) & 0x7ff;
  if (biased === 0) {
    const scaled = frexp(x * 2 ** 64); // subnormal: normalise first
    return { fraction: scaled.fraction, exponent: scaled.exponent - 64 };
  }
  frexpView.setUint32(0, (high & 0x800fffff) | (1022 << 20));
  return { fraction: frexpView.getFloat64(0), exponent: biased - 1022 };
}

/**
 * TFLite's QuantizeMultiplier: q, shift = frexp(M); multiplier = round(q * 2^31) (halves away
 * from zero); if that reaches 2^31 it is halved and shift incremented; a shift below -31
 * (|M| < ~2^-32) flushes to { multiplier: 0, shift: 0 }. M = 0 gives { 0, 0 }.
 */
export function quantizeMultiplier(real: number): QuantizedMultiplier {
  if (!Number.isFinite(real)) throw new Error(`Cannot quantize the multiplier ${real}.`);
  if (real === 0) return { multiplier: 0, shift: 0 };
  const { fraction, exponent } = frexp(real);
  let shift = exponent;
  const scaled = fraction * TWO_31;
  let fixed = roundHalfAwayFromZero(scaled);
  if (fixed === TWO_31) {
    fixed /= 2;
    shift++;
  }
  if (shift < -31) return { multiplier: 0, shift: 0 };
  return { multiplier: fixed, shift };
}

/**
 * gemmlowp's SaturatingRoundingDoublingHighMul of int32 a and b: the high 32 bits of 2ab,
 * rounded, i.e. trunc((a b + nudge) / 2^31) with nudge = 2^30 if a b >= 0 else 1 - 2^30
 * (C++ '/' truncates toward zero); a = b = INT32_MIN saturates to INT32_MAX.
 */
export function saturatingRoundingDoublingHighMul(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX;
  // a = aHigh 2^16 + aLow with aLow in [0, 2^16); the same for b.
  const aLow = a & 0xffff;
  const aHigh = a >> 16;
  const bLow = b & 0xffff;
  const bHigh = b >> 16;
  const productNonNegative = a === 0 || b === 0 || a < 0 === b < 0;
  const nudge = productNonNegative ? 1 << 30 : 1 - (1 << 30);
  // ab + nudge = aHigh bHigh 2^32 + rest, |rest| < 2^50, all exact in doubles.
  const rest = (aHigh * bLow + aLow * bHigh) * 65536 + aLow * bLow + nudge;
  const restQuotient = Math.floor(rest / TWO_31);
  const remainder = rest - restQuotient * TWO_31;
  const floorQuotient = aHigh * bHigh * 2 + restQuotient;
  // floor -> truncation toward zero for a negative, inexact quotient.
  return floorQuotient < 0 && remainder !== 0 ? floorQuotient + 1 : floorQuotient;
}

/**
 * gemmlowp's RoundingDivideByPOT: x / 2^exponent rounded to nearest, halves away from zero, for
 * int32 x and 0 <= exponent <= 31.
 */
export function roundingDivideByPot(x: number, exponent: number): number {
  const mask = exponent === 31 ? 0x7fffffff : (1 << exponent) - 1;
  const remainder = x & mask;
  const threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/**
 * TFLite's MultiplyByQuantizedMultiplier(x, multiplier, shift) for int32 x, an int32 Q0.31
 * multiplier and -31 <= shift <= 30:
 *   RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x * 2^max(shift, 0), multiplier),
 *                       max(-shift, 0)),
 * which approximates round(x * multiplier * 2^(shift - 31)). The left shift wraps on int32
 * overflow as the C++ does on two's-complement targets (TFLite assumes it does not overflow).
 */
export function multiplyByQuantizedMultiplier(
  x: number,
  multiplier: number,
  shift: number,
): number {
  if (shift > 30 || shift < -31)
    throw new Error(`The requantization shift must be from -31 to 30, got ${shift}.`);
  const shifted = shift > 0 ? Math.imul(x, 1 << shift) : x;
  return roundingDivideByPot(
    saturatingRoundingDoublingHighMul(shifted, multiplier),
    shift > 0 ? 0 : -shift,
  );
}
