import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-layers registers the gradients autodiff needs, as it does wherever models train.
import '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/engine/rng';
import { fakeQuant, fakeQuantGradient, nudge } from '../../src/engine/quantization/fake-quant';
import { fakeQuantCases, fakeQuantInputs } from '../../src/kernels/fake-quant/cases';
import { fakeQuantTfjs } from '../../src/kernels/fake-quant/fake-quant-op';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Row = [bits: number, narrow: boolean, min: number, max: number, x: number[], y: number[]];

/**
 * FakeQuantWithMinMaxVars (and, for 2 bits, FakeQuantWithMinMaxArgs: the same Nudge and formula)
 * cases copied from tensorflow/core/kernels/fake_quant_ops_test.cc, whose ExpectClose default is
 * |y - expected| <= 10 eps (1 + |expected|).
 */
// prettier-ignore
const tfKernelTests: Record<string, Row> = {
  WithVars_ZeroMinAndMax:
    [8, false, 0, 0, [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]],
  WithVarsSymmetricRangeZeroInput_RegularRange:
    [8, false, -10, 10, [0, 0, 0], [0, 0, 0]],
  WithVarsSymmetricRangeZeroInput_NarrowRange:
    [8, true, -10, 10, [0, 0, 0], [0, 0, 0]],
  WithVarsNoNudging_RegularRange:
    [8, false, -10, 53.75, [-10.1, -10, -9.9, -9.75, 53.75, 53.8], [-10, -10, -10, -9.75, 53.75, 53.75]],
  WithVarsNoNudging_NarrowRange:
    [8, true, -10, 53.5, [-10.1, -10, -9.9, -9.75, 53.5, 53.6], [-10, -10, -10, -9.75, 53.5, 53.5]],
  WithVarsNudgedDown_RegularRange:
    [8, false, -0.1, 63.65, [-0.1, 0, 0.1, 0.25, 63.75, 63.8], [0, 0, 0, 0.25, 63.75, 63.75]],
  WithVarsNudgedDown_NarrowRange:
    [8, true, -0.1, 63.4, [-0.1, 0, 0.1, 0.25, 63.5, 63.6], [0, 0, 0, 0.25, 63.5, 63.5]],
  WithVarsNudgedUp_RegularRange:
    [8, false, -0.125, 63.625, [-0.26, -0.25, -0.24, 0, 63.5, 63.6], [-0.25, -0.25, -0.25, 0, 63.5, 63.5]],
  WithVarsNudgedUp_NarrowRange:
    [8, true, -0.125, 63.375, [-0.26, -0.25, -0.24, 0, 63.25, 63.3], [-0.25, -0.25, -0.25, 0, 63.25, 63.25]],
  WithVarsNudgedZeroIs255_RegularRange:
    [8, false, -63.65, 0.1, [-63.8, -63.75, -63.7, -63.5, 0, 0.1], [-63.75, -63.75, -63.75, -63.5, 0, 0]],
  WithVarsNudgedZeroIs255_NarrowRange:
    [8, true, -63.4, 0.1, [-63.6, -63.5, -63.4, -63.25, 0, 0.1], [-63.5, -63.5, -63.5, -63.25, 0, 0]],
  WithVarsNoNudging_4Bits_RegularRange:
    [4, false, -6, 1.5, [-6.1, -6, -5.9, -5.5, 1.5, 1.6], [-6, -6, -6, -5.5, 1.5, 1.5]],
  WithVarsNoNudging_4Bits_NarrowRange:
    [4, true, -6, 1, [-6.1, -6, -5.9, -5.5, 1, 1.1], [-6, -6, -6, -5.5, 1, 1]],
  WithVarsNudgedDown_4Bits_RegularRange:
    [4, false, -0.1, 7.4, [-0.1, 0, 0.1, 0.5, 7.5, 7.6], [0, 0, 0, 0.5, 7.5, 7.5]],
  WithVarsNudgedDown_4Bits_NarrowRange:
    [4, true, -0.1, 6.9, [-0.1, 0, 0.1, 0.5, 7, 7.1], [0, 0, 0, 0.5, 7, 7]],
  WithVarsNudgedUp_4Bits_RegularRange:
    [4, false, -0.4, 7.1, [-0.6, -0.5, -0.24, 0, 7, 7.1], [-0.5, -0.5, 0, 0, 7, 7]],
  WithVarsNudgedUp_4Bits_NarrowRange:
    [4, true, -0.4, 6.6, [-0.6, -0.5, -0.24, 0, 6.5, 6.6], [-0.5, -0.5, 0, 0, 6.5, 6.5]],
  WithVarsNudgedZero15_4Bits_RegularRange:
    [4, false, -7.3, 0.2, [-7.6, -7.5, -7.4, -7.2, 0, 0.1], [-7.5, -7.5, -7.5, -7, 0, 0]],
  WithVarsNudgedZero15_4Bits_NarrowRange:
    [4, true, -6.8, 0.2, [-7.1, -7, -6.9, -6.5, 0, 0.1], [-7, -7, -7, -6.5, 0, 0]],
  WithArgsNoNudging_2Bits_RegularRange:
    [2, false, -1, 0.5, [-1.1, -1, -0.9, -0.3, 0.1, 0.6], [-1, -1, -1, -0.5, 0, 0.5]],
  WithArgsNoNudging_2Bits_NarrowRange:
    [2, true, -1, 0, [-1.1, -1, -0.9, -0.3, 0, 0.1], [-1, -1, -1, -0.5, 0, 0]],
  WithArgsNudgedDown_2Bits_RegularRange:
    [2, false, -0.1, 1.4, [-0.2, 0.1, 0.7, 1, 1.3, 1.6], [0, 0, 0.5, 1, 1.5, 1.5]],
  WithArgsNudgedDown_2Bits_NarrowRange:
    [2, true, -0.1, 0.9, [-0.1, 0.1, 0.7, 0.9, 1, 1.1], [0, 0, 0.5, 1, 1, 1]],
  WithArgsNudgedUp_2Bits_RegularRange:
    [2, false, -0.4, 1.1, [-0.6, -0.5, -0.24, 0, 1, 1.1], [-0.5, -0.5, 0, 0, 1, 1]],
  WithArgsNudgedUp_2Bits_NarrowRange:
    [2, true, -0.4, 0.6, [-0.6, -0.5, -0.24, 0, 0.5, 0.6], [-0.5, -0.5, 0, 0, 0.5, 0.5]],
};

/** Zero points stated in the comments of the same TF tests ("original zero point ..., nudged to ..."). */
const tfZeroPoints: [bits: number, narrow: boolean, min: number, max: number, zeroPoint: number][] =
  [
    // The comment says "original zero point: 127.5, nudged zero point 128", in real numbers. In
    // float32, as Nudge() computes, min / scale = -10 / 0.078431375 = -127.49999237, which rounds
    // to 127 (the test only checks that 0 maps to 0, true either way).
    [8, false, -10, 10, 127],
    [8, true, -10, 10, 128],
    [8, false, -10, 53.75, 40],
    [8, true, -10, 53.5, 41],
    [8, false, -0.1, 63.65, 0], // 0.4 nudged to 0
    [8, true, -0.1, 63.4, 1], // 1.4 nudged to 1
    [8, false, -0.125, 63.625, 1], // 0.5 nudged to 1
    [8, true, -0.125, 63.375, 2], // 1.5 nudged to 2
    [8, false, -63.65, 0.1, 255], // 254.6 nudged to 255
    [4, false, -6, 1.5, 12],
    [4, true, -6, 1, 13],
    [4, false, -0.4, 7.1, 1], // 0.8 nudged to 1
    [4, true, -6.8, 0.2, 15], // 14.6 nudged to 15
    [2, false, -1, 0.5, 2],
    [2, true, -1, 0, 3],
    [2, true, -0.4, 0.6, 2], // 1.8 nudged to 2
  ];

/**
 * (min, max, bits, narrow) -> (nudged min, nudged max, step) from
 * tensorflow/compiler/tests/fake_quant_ops_test.py, which includes ranges without 0 (min > 0,
 * max < 0); its _TestOp builds the inputs and expected outputs below from these three numbers and
 * compares with rtol 1e-3, atol 1e-5.
 */
// prettier-ignore
const xlaTests: [min: number, max: number, bits: number, narrow: boolean, lo: number, hi: number, step: number][] = [
  [0, 255, 8, false, 0, 255, 1],
  [0.5, 128, 8, false, 0, 127.5, 0.5],
  [-128, -0.5, 8, false, -127.5, 0, 0.5],
  [-0.1, 127.4, 8, false, 0, 127.5, 0.5],
  [0, 254, 8, true, 0, 254, 1],
  [0.1, 127.1, 8, true, 0, 127, 0.5],
  [-127.1, -0.1, 8, true, -127, 0, 0.5],
  [-0.1, 126.9, 8, true, 0, 127, 0.5],
  [0, 127, 7, false, 0, 127, 1],
  [0.5, 64, 7, false, 0, 63.5, 0.5],
  [-64, -0.5, 7, false, -63.5, 0, 0.5],
  [-0.1, 63.4, 7, false, 0, 63.5, 0.5],
  [0, 126, 7, true, 0, 126, 1],
  [0.1, 63.1, 7, true, 0, 63, 0.5],
  [-63.1, -0.1, 7, true, -63, 0, 0.5],
  [-0.1, 62.9, 7, true, 0, 63, 0.5],
];

/** No TF test covers 16 bits; these follow from Nudge() by hand (scale 1, so every step is exact). */
// prettier-ignore
const sixteenBitTests: Row[] = [
  // scale 65535 / 65535 = 1, zero point 0: [0, 65535]; 0.5 rounds up (floor(0.5 + 0.5)).
  [16, false, 0, 65535, [-1, 0, 0.49, 0.5, 65534.5, 65536], [0, 0, 0, 1, 65535, 65535]],
  // narrow: scale 65534 / 65534 = 1, zero point 1 + 32767 = 32768: [-32767, 32767].
  [16, true, -32767, 32767, [-40000, -32767, -0.4, 0.6, 32767, 1e9], [-32767, -32767, 0, 1, 32767, 32767]],
  // zero point from min 0.5 rounds half away from zero to 1: nudged to [-1, 65534].
  [16, false, -0.5, 65534.5, [-2, -1, -0.6, 0, 65534, 70000], [-1, -1, -1, 0, 65534, 65534]],
];

const tfClose = (y: number, expected: number) =>
  Math.abs(y - expected) <= 10 * 2 ** -23 * (1 + Math.abs(expected));

describe('fakeQuant against TensorFlow kernel tests', () => {
  for (const [name, [bits, narrow, min, max, x, y]] of Object.entries(tfKernelTests)) {
    it(name, () => {
      const out = fakeQuant(Float32Array.from(x), min, max, bits, narrow);
      out.forEach((v, i) => expect(tfClose(v, y[i]), `x = ${x[i]}: ${v} vs ${y[i]}`).toBe(true));
    });
  }

  it('nudges the zero point as the TF tests state', () => {
    for (const [bits, narrow, min, max, zeroPoint] of tfZeroPoints) {
      const range = nudge(min, max, bits, narrow);
      expect(range.zeroPoint, `${bits} bits [${min}, ${max}]`).toBe(zeroPoint);
      expect(range.quantMin).toBe(narrow ? 1 : 0);
      expect(range.quantMax).toBe(2 ** bits - 1);
      expect(range.nudgedMin).toBeCloseTo((range.quantMin - zeroPoint) * range.scale, 6);
    }
    expect(nudge(-10, 10, 8, false).scale).toBe(Math.fround(20 / 255));
    expect(nudge(-10, 10, 8, true).scale).toBe(Math.fround(20 / 254));
  });

  it('maps real 0 exactly to 0 for any range that contains it', () => {
    for (const [bits, narrow, min, max] of tfZeroPoints)
      expect(fakeQuant(Float32Array.of(0), min, max, bits, narrow)[0]).toBe(0);
  });

  for (const [min, max, bits, narrow, lo, hi, step] of xlaTests) {
    const x = [
      lo - step,
      lo - 0.01,
      lo,
      lo + 0.01,
      lo + step - 0.01,
      lo + step,
      lo + step + 0.01,
      hi - 0.01,
      hi,
      hi + 0.01,
      hi + step,
    ];
    const y = [lo, lo, lo, lo, lo + step, lo + step, lo + step, hi, hi, hi, hi];
    it(`XLA test: ${bits} bits${narrow ? ' narrow' : ''} [${min}, ${max}] -> [${lo}, ${hi}]`, () => {
      const range = nudge(min, max, bits, narrow);
      expect([range.nudgedMin, range.nudgedMax, range.scale]).toEqual([lo, hi, step]);
      const out = fakeQuant(Float32Array.from(x), min, max, bits, narrow);
      out.forEach((v, i) =>
        expect(Math.abs(v - y[i])).toBeLessThanOrEqual(1e-5 + 1e-3 * Math.abs(y[i])),
      );
      // Its gradient test: upstream gradients 1..11, expected [0, 0, 3, 4, 5, 6, 7, 8, 9, 0, 0].
      const dy = Float32Array.from(x, (_, i) => i + 1);
      expect(
        Array.from(fakeQuantGradient(Float32Array.from(x), dy, min, max, bits, narrow)),
      ).toEqual([0, 0, 3, 4, 5, 6, 7, 8, 9, 0, 0]);
    });
  }

  for (const [bits, narrow, min, max, x, y] of sixteenBitTests) {
    it(`16 bits${narrow ? ' narrow' : ''} [${min}, ${max}] (derived by hand)`, () => {
      expect(Array.from(fakeQuant(Float32Array.from(x), min, max, bits, narrow))).toEqual(y);
    });
  }
});

describe('fakeQuantGradient: the straight-through estimator', () => {
  it('passes dy inside the nudged range, ends included, as TF WithVarsGradient_RegularRange', () => {
    // fake_quant_ops_test.cc: [-0.125, 63.625] nudged to [-0.25, 63.5]; mask [0, 1, 1, 1, 1, 0].
    const x = Float32Array.of(-0.26, -0.25, -0.24, 0, 63.5, 63.6);
    const dy = Float32Array.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6);
    const dx = fakeQuantGradient(x, dy, -0.125, 63.625, 8, false);
    expect(Array.from(dx)).toEqual([0, dy[1], dy[2], dy[3], dy[4], 0]);
  });

  it('passes all of dy for min = max = 0, as TF WithVarsGradient_ZeroMinAndMax', () => {
    const dy = Float32Array.of(0.5, -2, 3);
    expect(fakeQuantGradient(Float32Array.of(0, 1, -1), dy, 0, 0, 8, false)).toEqual(dy);
  });

  it('is dy times the mask nudgedMin <= x <= nudgedMax on seeded values', () => {
    const rng = createRng(11);
    const x = Float32Array.from({ length: 500 }, () => rng.uniform(-3, 3));
    const dy = Float32Array.from({ length: 500 }, () => rng.normal());
    const { nudgedMin, nudgedMax } = nudge(-1.3, 2.2, 3, true);
    const dx = fakeQuantGradient(x, dy, -1.3, 2.2, 3, true);
    dx.forEach((g, i) =>
      expect(g).toBe(x[i] >= nudgedMin && x[i] <= nudgedMax ? dy[i] : dy[i] * 0),
    );
  });
});

describe('validation', () => {
  it.each([
    [1, -1, 1, 'bit width from 2 to 16, got 1'],
    [17, -1, 1, 'bit width from 2 to 16, got 17'],
    [4.5, -1, 1, 'bit width from 2 to 16, got 4.5'],
    [8, 1, -1, 'min <= max, got [1, -1]'],
    [8, 0.5, 0.5, 'min < max (or both 0), got [0.5, 0.5]'],
    [8, Number.NaN, 1, 'finite range'],
  ])('bits %s, [%s, %s]: %s', (bits, min, max, message) => {
    expect(() => fakeQuant(Float32Array.of(0), min, max, bits, false)).toThrow(message);
  });
});

describe('fakeQuantTfjs on the tfjs CPU backend', () => {
  for (const c of fakeQuantCases.filter((c) => c.n <= 10_001)) {
    it(`${c.n} values, ${c.bits} bits${c.narrowRange ? ' narrow' : ''} [${c.min}, ${c.max}]: equals fakeQuant and its gradient fakeQuantGradient`, async () => {
      const x = fakeQuantInputs(c);
      const dyValues = Float32Array.from({ length: c.n }, (_, i) => (i % 7) - 3);
      const before = tf.memory().numTensors;
      const input = tf.tensor1d(x);
      const dy = tf.tensor1d(dyValues);
      const y = fakeQuantTfjs(input, c.min, c.max, c.bits, c.narrowRange);
      const dx = tf.grad((t: tf.Tensor) => fakeQuantTfjs(t, c.min, c.max, c.bits, c.narrowRange))(
        input,
        dy,
      );
      expect(await y.data()).toEqual(fakeQuant(x, c.min, c.max, c.bits, c.narrowRange));
      expect(await dx.data()).toEqual(
        fakeQuantGradient(x, dyValues, c.min, c.max, c.bits, c.narrowRange),
      );
      tf.dispose([input, dy, y, dx]);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('keeps the shape of a 2-d tensor', () => {
    const shape = tf.tidy(
      () =>
        fakeQuantTfjs(
          tf.tensor2d([
            [-1, 0.3],
            [0.7, 2],
          ]),
          -1,
          1,
          2,
          false,
        ).shape,
    );
    expect(shape).toEqual([2, 2]);
  });
});
