import { describe, expect, it } from 'vitest';
import {
  asymmetricParams,
  dequantize,
  dequantizePerChannel,
  perChannelSymmetric,
  perTensorAsymmetric,
  quantize,
  quantizePerChannel,
  symmetricParams,
  type QuantParams,
} from '../../src/engine/quantization/affine';
import {
  MOVING_AVERAGE_INITIAL_RANGE,
  minMaxRange,
  movingAverageRange,
  percentileRange,
} from '../../src/engine/quantization/calibration';
import { createRng } from '../../src/engine/rng';

// Expected numbers worked by hand from the TFLite quantization spec:
// scale = (max - min) / (qmax - qmin), zeroPoint = round(qmin - min / scale), q = round(x / s) + zp.

describe('affine parameters (TFLite spec, by hand)', () => {
  it('asymmetric: int8 range, 0 always representable', () => {
    // [-1, 2.984375]: scale 3.984375 / 255 = 2^-6, zp = -128 + 1 / 2^-6 = -64.
    expect(asymmetricParams(-1, 2.984375)).toEqual({
      scale: 2 ** -6,
      zeroPoint: -64,
      qmin: -128,
      qmax: 127,
      bits: 8,
    });
    // [-2, 6]: scale 8 / 255, zp = round(-128 + 63.75) = round(-64.25) = -64.
    const p = asymmetricParams(-2, 6);
    expect(p.scale).toBeCloseTo(8 / 255, 15);
    expect(p.zeroPoint).toBe(-64);
    // [0.5, 3] is extended to [0, 3]: zp = qmin. [-3, -0.5] to [-3, 0]: zp = qmax.
    expect(asymmetricParams(0.5, 3)).toMatchObject({ scale: 3 / 255, zeroPoint: -128 });
    expect(asymmetricParams(-3, -0.5)).toMatchObject({ scale: 3 / 255, zeroPoint: 127 });
  });

  it('asymmetric: other bit widths, and a zero point that is an exact half', () => {
    // 4 bits, [-1, 2.75]: qmin -8, qmax 7, scale 3.75 / 15 = 0.25, zp = -8 + 4 = -4.
    expect(asymmetricParams(-1, 2.75, 4)).toEqual({
      scale: 0.25,
      zeroPoint: -4,
      qmin: -8,
      qmax: 7,
      bits: 4,
    });
    // 2 bits, [-0.75, 0.75]: scale 1.5 / 3 = 0.5, zp = round(-2 + 1.5) = round(-0.5) = -1
    // (std::round, half away from zero; JavaScript's Math.round would give 0).
    expect(asymmetricParams(-0.75, 0.75, 2)).toMatchObject({ scale: 0.5, zeroPoint: -1 });
    expect(asymmetricParams(-1, 1, 16)).toMatchObject({ qmin: -32768, qmax: 32767 });
  });

  it('degenerate ranges: all zero gives scale 1 (never 0), min == max is extended to 0', () => {
    expect(asymmetricParams(0, 0)).toEqual({
      scale: 1,
      zeroPoint: -128,
      qmin: -128,
      qmax: 127,
      bits: 8,
    });
    expect(asymmetricParams(3, 3)).toMatchObject({ scale: 3 / 255, zeroPoint: -128 });
    expect(symmetricParams(0)).toEqual({ scale: 1, zeroPoint: 0, qmin: -127, qmax: 127, bits: 8 });
    expect(perTensorAsymmetric(new Float32Array(5))).toMatchObject({ scale: 1 });
    expect(Array.from(quantize([0, 0], asymmetricParams(0, 0)))).toEqual([-128, -128]);
  });

  it('symmetric: narrow range [-(2^(b-1) - 1), 2^(b-1) - 1], zero point 0', () => {
    expect(symmetricParams(1.27)).toMatchObject({ zeroPoint: 0, qmin: -127, qmax: 127 });
    expect(symmetricParams(1.27).scale).toBeCloseTo(0.01, 15);
    expect(symmetricParams(3.5, 4)).toEqual({
      scale: 0.5,
      zeroPoint: 0,
      qmin: -7,
      qmax: 7,
      bits: 4,
    });
  });

  it('rejects bad bit widths and ranges with a clear error', () => {
    for (const bits of [1, 17, 2.5, NaN])
      expect(() => asymmetricParams(-1, 1, bits)).toThrow(/bits must be an integer from 2 to 16/);
    expect(() => symmetricParams(1, 0)).toThrow(/bits/);
    expect(() => asymmetricParams(2, 1)).toThrow(/min <= max/);
    expect(() => asymmetricParams(-Infinity, 1)).toThrow(/finite/);
    expect(() => symmetricParams(-1)).toThrow(/maxAbs/);
  });
});

describe('quantize / dequantize (by hand)', () => {
  it('rounds halves away from zero, clamps, and sends NaN to the zero point', () => {
    const p = asymmetricParams(-1, 2.75, 4); // scale 0.25, zp -4, [-8, 7]
    // x / s = 0, 1.2, -0.5, 1.5, 20, -20 -> round 0, 1, -1, 2, 20, -20 -> + zp, clamped.
    expect(Array.from(quantize([0, 0.3, -0.125, 0.375, 5, -5, NaN], p))).toEqual([
      -4, -3, -5, -2, 7, -8, -4,
    ]);
    expect(Array.from(dequantize([-8, -4, 7], p))).toEqual([-1, 0, 2.75]);
  });

  it('round trip error is at most scale / 2 inside the range', () => {
    const rng = createRng(7);
    const x = Float64Array.from({ length: 2000 }, () => rng.uniform(-3, 5));
    const worstError = (values: Float64Array, p: QuantParams) => {
      const back = dequantize(quantize(values, p), p);
      return values.reduce((worst, v, i) => Math.max(worst, Math.abs(back[i] - v)), 0);
    };
    for (const bits of [2, 4, 8, 12]) {
      const p = asymmetricParams(-3, 5, bits);
      // The nudged zero point shifts the grid by up to scale / 2, so the ends may clip by that.
      expect(worstError(x, p)).toBeLessThanOrEqual(p.scale + 1e-6);
      const inner = x.filter((v) => v > -3 + p.scale && v < 5 - p.scale);
      expect(worstError(inner, p)).toBeLessThanOrEqual(p.scale / 2 + 1e-6);
    }
  });

  it('per-channel symmetric: one scale per output unit (column) of W [inputs, units]', () => {
    // Columns: [3.5, -1.2, 0.6] (scale 3.5 / 7 = 0.5), [0.7, -0.26, 0] (scale 0.1), all zero (1).
    const w = Float32Array.from([3.5, 0.7, 0, -1.2, -0.26, 0, 0.6, 0, 0]);
    const params = perChannelSymmetric(w, 3, 3, 4);
    expect(params.map((p) => p.scale)).toEqual([0.5, Math.fround(0.7) / 7, 1]);
    expect(params.every((p) => p.zeroPoint === 0 && p.qmin === -7 && p.qmax === 7)).toBe(true);
    // -1.2 / 0.5 = -2.4 -> -2; 0.6 / 0.5 = 1.2 -> 1; -0.26 / 0.1 = -2.6 -> -3.
    const q = quantizePerChannel(w, params);
    expect(Array.from(q)).toEqual([7, 7, 0, -2, -3, 0, 1, 0, 0]);
    const back = dequantizePerChannel(q, params);
    const expected = [3.5, 0.7, 0, -1, -0.3, 0, 0.5, 0, 0];
    expected.forEach((v, i) => expect(back[i]).toBeCloseTo(v, 6));
    expect(() => perChannelSymmetric(w, 2, 3)).toThrow(/2x3/);
  });

  it('per-tensor asymmetric takes the tensor min and max', () => {
    expect(perTensorAsymmetric(Float32Array.from([0.5, -1, 2.984375]))).toMatchObject({
      scale: 2 ** -6,
      zeroPoint: -64,
    });
  });
});

describe('calibration ranges', () => {
  it('min / max, and a clear error for an empty set', () => {
    expect(minMaxRange([3, -1, 2])).toEqual({ min: -1, max: 3 });
    expect(() => minMaxRange([])).toThrow(/The calibration set is empty: /);
    expect(() => percentileRange(new Float32Array(0), 99)).toThrow(
      /The calibration set is empty: /,
    );
    expect(() => minMaxRange([1, NaN])).toThrow(/NaN/);
  });

  it('percentiles with numpy.percentile linear interpolation (values worked by hand)', () => {
    // numpy.percentile([1, 2, 3, 4, 5], [10, 90]) = [1.4, 4.6]: h = 4 * 0.9 = 3.6 -> 4 + 0.6.
    const r = percentileRange([5, 1, 4, 2, 3], 90);
    expect(r.min).toBeCloseTo(1.4, 12);
    expect(r.max).toBeCloseTo(4.6, 12);
    // numpy.percentile([0, 10, 20, 100], [25, 75]) = [7.5, 40].
    const s = percentileRange([100, 0, 20, 10], 75);
    expect(s.min).toBeCloseTo(7.5, 12);
    expect(s.max).toBeCloseTo(40, 12);
    // 0..10000 at 99.99: h = 10000 * 0.9999 = 9999 and 10000 * 0.0001 = 1.
    const t = percentileRange(
      Float64Array.from({ length: 10001 }, (_, i) => 10000 - i),
      99.99,
    );
    expect(t.min).toBeCloseTo(1, 9);
    expect(t.max).toBeCloseTo(9999, 9);
    expect(percentileRange([3, -2, 7], 100)).toEqual({ min: -2, max: 7 });
    expect(() => percentileRange([1, 2], 40)).toThrow(/50 to 100/);
  });

  it('moving average as TFMOT MovingAverageQuantizer (EMA of the 0-extended batch range)', () => {
    // From [-6, 6] with decay 0.999, batch [1, 3] -> batch range [0, 3]:
    // min = -6 * 0.999 + 0 * 0.001 = -5.994, max = 6 * 0.999 + 3 * 0.001 = 5.997.
    const first = movingAverageRange(MOVING_AVERAGE_INITIAL_RANGE, [1, 2, 3]);
    expect(first.min).toBeCloseTo(-5.994, 12);
    expect(first.max).toBeCloseTo(5.997, 12);
    // decay 0.5 from [-1, 1], batch [-3, 0.5]: min = -0.5 - 1.5 = -2, max = 0.5 + 0.25 = 0.75.
    expect(movingAverageRange({ min: -1, max: 1 }, [-3, 0.5], 0.5)).toEqual({ min: -2, max: 0.75 });
    // Many updates with the same batch converge to its range (0.999^10000 ~ 4.5e-5).
    let range = { ...MOVING_AVERAGE_INITIAL_RANGE };
    for (let i = 0; i < 10000; i++) range = movingAverageRange(range, [-2, 4]);
    expect(range.min).toBeCloseTo(-2 - 4 * 0.999 ** 10000, 9);
    expect(range.max).toBeCloseTo(4 + 2 * 0.999 ** 10000, 9);
    expect(() => movingAverageRange(range, [])).toThrow(/The calibration set is empty/);
  });
});
