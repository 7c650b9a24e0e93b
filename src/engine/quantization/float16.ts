/**
 * IEEE 754 binary16 ("half", float16): 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits.
 * Normal values (1 + f / 1024) * 2^(e - 15) for e in 1..30, so the largest finite value is 65504;
 * subnormals (f / 1024) * 2^-14 for e = 0, the smallest being 2^-24; e = 31 holds infinities
 * (f = 0) and NaNs (f != 0).
 *
 * float32 -> float16 rounds to nearest, ties to even (as numpy's astype(np.float16) and the
 * hardware conversions do); magnitudes from 65520 up (the midpoint past 65504) become infinity;
 * NaNs stay NaN with their sign and the top 10 bits of their payload, set to 1 if those are all
 * zero (numpy's rule; x86's F16C would also set the quiet bit of a signalling NaN).
 */

/** The float32 bit pattern of each element, read without going through a JavaScript number. */
function float32Bits(x: Float32Array): Uint32Array {
  return new Uint32Array(x.buffer, x.byteOffset, x.length);
}

/** Shifts m right by s (1 <= s <= 24) and rounds the dropped bits to nearest, ties to even. */
function shiftRoundEven(m: number, s: number): number {
  const q = m >>> s;
  const rest = m & ((1 << s) - 1);
  const half = 1 << (s - 1);
  return rest > half || (rest === half && (q & 1) === 1) ? q + 1 : q;
}

/** binary16 bits of one float32 given by its bits f (round to nearest even). */
export function float16BitsOf(f: number): number {
  const sign = (f >>> 16) & 0x8000;
  const exponent = (f >>> 23) & 0xff;
  const fraction = f & 0x7fffff;
  if (exponent === 0xff) {
    if (fraction === 0) return sign | 0x7c00;
    return sign | 0x7c00 | (fraction >>> 13 || 1);
  }
  // Normal half exponents are 1..30, i.e. float32 exponents 113..142.
  if (exponent >= 143) return sign | 0x7c00;
  if (exponent >= 113) {
    // A carry out of the fraction correctly bumps the exponent (and 65520+ becomes 0x7c00).
    return sign | shiftRoundEven(((exponent - 112) << 23) | fraction, 13);
  }
  // Subnormal half: value / 2^-24 = (2^23 + fraction) * 2^(exponent - 126); below 2^-25 it is 0.
  if (exponent < 102) return sign;
  return sign | shiftRoundEven(0x800000 | fraction, 126 - exponent);
}

/** x: float32 values -> their nearest binary16 bit patterns (round to nearest even). */
export function toFloat16Bits(x: Float32Array): Uint16Array {
  const bits = float32Bits(x);
  const out = new Uint16Array(x.length);
  for (let i = 0; i < bits.length; i++) out[i] = float16BitsOf(bits[i]);
  return out;
}

/** float32 bit pattern of the binary16 value with bits h (exact: every half is a float32). */
export function float32BitsOfFloat16(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exponent = (h >>> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0x1f) return (sign | 0x7f800000 | (fraction << 13)) >>> 0;
  if (exponent !== 0) return (sign | ((exponent + 112) << 23) | (fraction << 13)) >>> 0;
  if (fraction === 0) return sign >>> 0;
  // Subnormal: normalise fraction * 2^-24 into a float32 normal.
  let e = 113;
  let m = fraction;
  while ((m & 0x400) === 0) {
    m <<= 1;
    e--;
  }
  return (sign | (e << 23) | ((m & 0x3ff) << 13)) >>> 0;
}

/** h: binary16 bit patterns -> float32 values (exact; NaN payloads kept). */
export function fromFloat16Bits(h: Uint16Array): Float32Array {
  const bits = new Uint32Array(h.length);
  for (let i = 0; i < h.length; i++) bits[i] = float32BitsOfFloat16(h[i]);
  return new Float32Array(bits.buffer);
}

/** Each value rounded to the nearest float16 and back: fromFloat16Bits(toFloat16Bits(x)). */
export function roundToFloat16(x: Float32Array): Float32Array {
  return fromFloat16Bits(toFloat16Bits(x));
}
