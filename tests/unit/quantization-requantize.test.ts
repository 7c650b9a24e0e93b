import { describe, expect, it } from 'vitest';
import {
  frexp,
  multiplyByQuantizedMultiplier,
  quantizeMultiplier,
  roundingDivideByPot,
  saturatingRoundingDoublingHighMul,
} from '../../src/engine/quantization/requantize';
import { createRng } from '../../src/engine/rng';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

// BigInt transcriptions of gemmlowp/fixedpoint.h and TFLite's common.h, int64 semantics.
function srdhmReference(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX;
  const ab = BigInt(a) * BigInt(b);
  const nudge = ab >= 0n ? 1n << 30n : 1n - (1n << 30n);
  return Number((ab + nudge) / (1n << 31n)); // BigInt '/' truncates toward zero, as C++
}
function rdbpotReference(x: number, exponent: number): number {
  const bx = BigInt(x);
  const mask = (1n << BigInt(exponent)) - 1n;
  const remainder = bx & mask;
  const threshold = (mask >> 1n) + (bx < 0n ? 1n : 0n);
  return Number((bx >> BigInt(exponent)) + (remainder > threshold ? 1n : 0n));
}
function mbqmReference(x: number, multiplier: number, shift: number): number {
  const left = shift > 0 ? shift : 0;
  const right = shift > 0 ? 0 : -shift;
  const shifted = Number(BigInt.asIntN(32, BigInt(x) << BigInt(left)));
  return rdbpotReference(srdhmReference(shifted, multiplier), right);
}

const SPECIAL = [
  INT32_MIN,
  INT32_MIN + 1,
  -65536,
  -65535,
  -32769,
  -1,
  0,
  1,
  32768,
  65535,
  INT32_MAX,
];

describe('quantizeMultiplier (TFLite QuantizeMultiplier, by hand)', () => {
  it('splits M into a Q0.31 significand and a shift', () => {
    expect(quantizeMultiplier(0.5)).toEqual({ multiplier: 2 ** 30, shift: 0 });
    expect(quantizeMultiplier(1)).toEqual({ multiplier: 2 ** 30, shift: 1 });
    expect(quantizeMultiplier(0.75)).toEqual({ multiplier: 1610612736, shift: 0 });
    expect(quantizeMultiplier(3)).toEqual({ multiplier: 1610612736, shift: 2 });
    // 0.1 = 0.8 * 2^-3, round(0.8 * 2^31) = round(1717986918.4).
    expect(quantizeMultiplier(0.1)).toEqual({ multiplier: 1717986918, shift: -3 });
    expect(quantizeMultiplier(0)).toEqual({ multiplier: 0, shift: 0 });
  });

  it('halves a significand that rounds up to 2^31, and flushes tiny multipliers to 0', () => {
    expect(quantizeMultiplier(1 - 2 ** -40)).toEqual({ multiplier: 2 ** 30, shift: 1 });
    expect(quantizeMultiplier(2 ** -32)).toEqual({ multiplier: 2 ** 30, shift: -31 });
    expect(quantizeMultiplier(2 ** -33)).toEqual({ multiplier: 0, shift: 0 });
    expect(() => quantizeMultiplier(NaN)).toThrow(/multiplier/);
  });

  it('frexp matches the definition, subnormals included', () => {
    expect(frexp(8)).toEqual({ fraction: 0.5, exponent: 4 });
    expect(frexp(-0.75)).toEqual({ fraction: -0.75, exponent: 0 });
    expect(frexp(5e-324)).toEqual({ fraction: 0.5, exponent: -1073 });
  });
});

describe('fixed-point multiply against a BigInt int64 reference', () => {
  const rng = createRng(20240601);
  const int32 = () => (rng.next() * 2 ** 32) | 0;

  it('SaturatingRoundingDoublingHighMul by hand: ties, signs, saturation', () => {
    // 3 * 2^30 / 2^31 = 1.5 -> 2; -1.5 -> -1 (the negative nudge is 1 - 2^30).
    expect(saturatingRoundingDoublingHighMul(3, 2 ** 30)).toBe(2);
    expect(saturatingRoundingDoublingHighMul(-3, 2 ** 30)).toBe(-1);
    expect(saturatingRoundingDoublingHighMul(INT32_MIN, INT32_MIN)).toBe(INT32_MAX);
    expect(saturatingRoundingDoublingHighMul(INT32_MIN, INT32_MAX)).toBe(-INT32_MAX);
  });

  it('SaturatingRoundingDoublingHighMul equals the reference on 20,000 pairs and extremes', () => {
    const pairs: [number, number][] = [];
    for (const a of SPECIAL) for (const b of SPECIAL) pairs.push([a, b]);
    for (let i = 0; i < 20000; i++) pairs.push([int32(), int32()]);
    const wrong = pairs.filter(
      ([a, b]) => saturatingRoundingDoublingHighMul(a, b) !== srdhmReference(a, b),
    );
    expect(wrong).toEqual([]);
  });

  it('RoundingDivideByPOT equals the reference for every exponent 0..31', () => {
    const wrong: [number, number][] = [];
    for (let e = 0; e <= 31; e++)
      for (const x of [...SPECIAL, ...Array.from({ length: 300 }, int32)])
        if (roundingDivideByPot(x, e) !== rdbpotReference(x, e)) wrong.push([x, e]);
    expect(wrong).toEqual([]);
    // By hand: -3 / 2 = -1.5 -> -2 and 3 / 2 -> 2 (halves away from zero); -5 / 4 -> -1.
    expect([
      roundingDivideByPot(-3, 1),
      roundingDivideByPot(3, 1),
      roundingDivideByPot(-5, 2),
    ]).toEqual([-2, 2, -1]);
  });

  it('MultiplyByQuantizedMultiplier equals the reference for shifts -31..30', () => {
    const wrong: number[][] = [];
    for (let i = 0; i < 20000; i++) {
      const x = i < SPECIAL.length ? SPECIAL[i] : int32();
      const multiplier = i % 7 === 0 ? INT32_MAX : 2 ** 30 + Math.floor(rng.next() * 2 ** 30);
      const shift = -31 + Math.floor(rng.next() * 62);
      if (
        multiplyByQuantizedMultiplier(x, multiplier, shift) !== mbqmReference(x, multiplier, shift)
      )
        wrong.push([x, multiplier, shift]);
    }
    expect(wrong).toEqual([]);
    expect(() => multiplyByQuantizedMultiplier(1, 2 ** 30, 31)).toThrow(/shift/);
  });

  it('approximates x * M for real M in (0, 1), within the two roundings', () => {
    for (let i = 0; i < 5000; i++) {
      const real = 2 ** (-20 * rng.next());
      const x = Math.floor((rng.next() - 0.5) * 2 ** 24);
      const { multiplier, shift } = quantizeMultiplier(real);
      // Rounding to 2^shift steps, then to integers: at most 0.5 + 2^(shift - 1) apart.
      const error = Math.abs(multiplyByQuantizedMultiplier(x, multiplier, shift) - x * real);
      expect(error).toBeLessThanOrEqual(0.5 + 2 ** (shift - 1) + 1e-3);
    }
    // By hand: 6 * 0.25 = 1.5 -> 2 and -6 * 0.25 = -1.5 -> -2.
    const quarter = quantizeMultiplier(0.25);
    expect(multiplyByQuantizedMultiplier(6, quarter.multiplier, quarter.shift)).toBe(2);
    expect(multiplyByQuantizedMultiplier(-6, quarter.multiplier, quarter.shift)).toBe(-2);
  });
});
