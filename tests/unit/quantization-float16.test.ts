import { describe, expect, it } from 'vitest';
import {
  fromFloat16Bits,
  roundToFloat16,
  toFloat16Bits,
} from '../../src/engine/quantization/float16';
import golden from '../fixtures/float16-numpy.json';

const half = (values: number[]) => Array.from(toFloat16Bits(Float32Array.from(values)));
const float32FromBits = (bits: number[]) => new Float32Array(Uint32Array.from(bits).buffer);

describe('float16 by hand (IEEE 754 binary16)', () => {
  it('encodes known values', () => {
    expect(half([0, -0, 1, -2, 0.5, 65504, -65504])).toEqual([
      0x0000, 0x8000, 0x3c00, 0xc000, 0x3800, 0x7bff, 0xfbff,
    ]);
    // 1/3 = 0x3555 (0.333251953125, the nearest half; 0x3556 is farther).
    expect(half([1 / 3])).toEqual([0x3555]);
    // Smallest subnormal 2^-24, smallest normal 2^-14, largest subnormal 1023 * 2^-24.
    expect(half([2 ** -24, 2 ** -14, 1023 * 2 ** -24])).toEqual([0x0001, 0x0400, 0x03ff]);
  });

  it('rounds ties to even and overflows past 65504 to infinity', () => {
    // 1 + 2^-11 lies halfway between 1 (0x3c00, even) and 1 + 2^-10 (0x3c01): to 0x3c00.
    // 1 + 3 * 2^-11 lies halfway between 0x3c01 and 0x3c02 (even): to 0x3c02.
    expect(half([1 + 2 ** -11, 1 + 3 * 2 ** -11])).toEqual([0x3c00, 0x3c02]);
    // 2^-25 is halfway between 0 and 2^-24: to 0. Just above it: to 2^-24.
    expect(half([2 ** -25, 1.5 * 2 ** -25, 3 * 2 ** -25])).toEqual([0x0000, 0x0001, 0x0002]);
    // 65520 is halfway between 65504 and 65536 (which does not exist): to infinity.
    expect(half([65519, 65520, 1e9, -1e9])).toEqual([0x7bff, 0x7c00, 0x7c00, 0xfc00]);
    expect(half([Infinity, -Infinity])).toEqual([0x7c00, 0xfc00]);
  });

  it('keeps NaN a NaN, and decodes specials', () => {
    const [h] = half([NaN]);
    expect(h & 0x7c00).toBe(0x7c00);
    expect(h & 0x3ff).not.toBe(0);
    const back = fromFloat16Bits(
      Uint16Array.from([0x7c00, 0xfc00, 0x7e00, 0x0001, 0x8000, 0x7bff]),
    );
    expect(Array.from(back)).toEqual([Infinity, -Infinity, NaN, 2 ** -24, -0, 65504]);
    expect(Object.is(back[4], -0)).toBe(true);
  });

  it('roundToFloat16 is the nearest half', () => {
    expect(Array.from(roundToFloat16(Float32Array.from([0.1, 1 / 3, 70000])))).toEqual([
      0.0999755859375,
      0.333251953125,
      Infinity,
    ]);
  });

  it('every half survives half -> float32 -> half', () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const back = toFloat16Bits(fromFloat16Bits(all));
    let mismatches = 0;
    for (let i = 0; i < all.length; i++) if (back[i] !== all[i]) mismatches++;
    expect(mismatches).toBe(0);
  });
});

describe(`float16 against numpy ${golden.numpy} (scripts/golden/float16_numpy.py)`, () => {
  it(`float32 -> float16 equals astype(np.float16) on ${golden.toFloat16.float32Bits.length} values`, () => {
    const ours = toFloat16Bits(float32FromBits(golden.toFloat16.float32Bits));
    const wrong = golden.toFloat16.float16Bits
      .map((bits, i) => ({ i, bits, ours: ours[i] }))
      .filter((c) => c.bits !== c.ours);
    expect(wrong).toEqual([]);
  });

  it(`float16 -> float32 equals astype(np.float32) on ${golden.fromFloat16.float16Bits.length} patterns`, () => {
    const ours = fromFloat16Bits(Uint16Array.from(golden.fromFloat16.float16Bits));
    const bits = new Uint32Array(ours.buffer);
    expect(Array.from(bits)).toEqual(golden.fromFloat16.float32Bits);
  });
});
