import { describe, expect, it } from 'vitest';
import { argmaxRows } from '../../src/engine/metrics';
import { minMaxRange } from '../../src/engine/quantization/calibration';
import { int8Matmul } from '../../src/engine/quantization/int8-matmul';
import {
  quantizeMlp,
  runQuantizedMlp,
  type FloatDenseLayer,
} from '../../src/engine/quantization/integer-mlp';
import { createRng, type Rng } from '../../src/engine/rng';

/** Float reference forward pass in float64: y = relu?(x W + b), layer by layer. */
function floatForward(layers: FloatDenseLayer[], x: Float64Array, rows: number): Float64Array[] {
  const outputs: Float64Array[] = [];
  let input = x;
  for (const { kernel, bias, relu } of layers) {
    const units = bias.length;
    const inputs = kernel.length / units;
    const out = new Float64Array(rows * units);
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < units; c++) {
        let s = bias[c];
        for (let k = 0; k < inputs; k++) s += input[r * inputs + k] * kernel[k * units + c];
        out[r * units + c] = relu ? Math.max(0, s) : s;
      }
    outputs.push(out);
    input = out;
  }
  return outputs;
}

function randomMlp(rng: Rng, sizes: number[]): FloatDenseLayer[] {
  return sizes.slice(1).map((units, l) => {
    const inputs = sizes[l];
    return {
      kernel: Float32Array.from(
        { length: inputs * units },
        () => rng.normal() * Math.sqrt(2 / inputs),
      ),
      bias: Float32Array.from({ length: units }, () => rng.normal() * 0.1),
      relu: l < sizes.length - 2,
    };
  });
}

describe('integer-only dense inference (TFLite FULLY_CONNECTED)', () => {
  // Worked by hand from the spec and checked with Python:
  // input range [-1, 2.984375] -> s_in = 2^-6, zp_in = -64; output range [-2, 6] ->
  // s_out = 8/255, zp_out = round(-64.25) = -64. W columns [0.4, -1] and [0.2, 0.05]:
  // s_w = [1/127, 0.2/127], q_w = [[round(50.8), 127], [-127, round(31.75)]] = [[51, 127], [-127, 32]].
  // bias [0.1, -0.3] / (s_in s_w) = [812.8, -12192.0003] -> [813, -12192].
  // x = [0.5, -0.25] -> q_in = [32 - 64, -16 - 64] = [-32, -80].
  // acc = (q_in - zp_in) q_w + q_bias = [32*51 + (-16)(-127) + 813, 32*127 + (-16)*32 - 12192]
  //     = [4477, -8640].
  // M = s_in s_w / s_out = [255/65024, 0.2 * 255/65024]: Q0.31 (1077969154, -7), (1724750672, -10).
  // acc * M = [17.557, -6.777] -> [18, -7] -> + zp_out = [-46, -71].
  const layer: FloatDenseLayer = {
    kernel: Float32Array.from([0.4, 0.2, -1, 0.05]),
    bias: Float32Array.from([0.1, -0.3]),
    relu: false,
  };
  const ranges = [
    { min: -1, max: 2.984375 },
    { min: -2, max: 6 },
  ];

  it('a hand-computed one-layer example, integer by integer', async () => {
    const model = quantizeMlp([layer], ranges);
    expect(model.input).toMatchObject({ scale: 2 ** -6, zeroPoint: -64 });
    const [q] = model.layers;
    expect(q.output.zeroPoint).toBe(-64);
    expect(Array.from(q.kernel)).toEqual([51, 127, -127, 32]);
    expect(Array.from(q.columnSums)).toEqual([-76, 159]);
    expect(Array.from(q.bias)).toEqual([813, -12192]);
    expect(Array.from(q.multipliers)).toEqual([1077969154, 1724750672]);
    expect(Array.from(q.shifts)).toEqual([-7, -10]);
    const { codes, logits } = await runQuantizedMlp(model, Float32Array.from([0.5, -0.25]), 1);
    expect(Array.from(codes)).toEqual([-46, -71]);
    // Dequantized: 18 * 8/255 = 0.5647 and -7 * 8/255 = -0.2196 (float: 0.55, -0.2125).
    expect(logits[0]).toBeCloseTo((18 * 8) / 255, 6);
    expect(logits[1]).toBeCloseTo((-7 * 8) / 255, 6);
  });

  it('a fused ReLU clamps at the output zero point (real 0)', async () => {
    const model = quantizeMlp([{ ...layer, relu: true }], ranges);
    expect(model.layers[0].activationMin).toBe(-64);
    const { codes, logits } = await runQuantizedMlp(model, Float32Array.from([0.5, -0.25]), 1);
    expect(Array.from(codes)).toEqual([-46, -64]);
    expect(logits[1]).toBe(0);
  });

  it('per-tensor weights: one scale max |W| / 127 for every unit', () => {
    const [q] = quantizeMlp([layer], ranges, { perChannel: false }).layers;
    expect(q.kernelParams.map((p) => p.scale)).toEqual([1 / 127, 1 / 127]);
    // Column 1 on the shared scale: 0.2 * 127 = 25.4 -> 25, 0.05 * 127 = 6.35 -> 6.
    expect(Array.from(q.kernel)).toEqual([51, 25, -127, 6]);
  });

  it('checks bits, ranges and shapes', () => {
    expect(() => quantizeMlp([layer], ranges, { weightBits: 9 })).toThrow(/from 2 to 8/);
    expect(() => quantizeMlp([layer], ranges.slice(0, 1))).toThrow(/2 activation ranges/);
    expect(() =>
      quantizeMlp([layer, layer, { ...layer, bias: new Float32Array(3) }], [...ranges, ...ranges]),
    ).toThrow(/Layer 2/);
  });

  describe('a random 16-32-24-10 MLP, ranges calibrated on the inputs', () => {
    const rng = createRng(11);
    const sizes = [16, 32, 24, 10];
    const layers = randomMlp(rng, sizes);
    const rows = 1000;
    const x = Float32Array.from({ length: rows * sizes[0] }, () => rng.normal());
    const floatOutputs = floatForward(layers, Float64Array.from(x), rows);
    const calibrated = [minMaxRange(x), ...floatOutputs.map((o) => minMaxRange(o))];
    const floatLogits = floatOutputs[floatOutputs.length - 1];
    const floatArgmax = argmaxRows(Float32Array.from(floatLogits), 10);

    it('8 bits: logits within a few output steps of float, argmax agreement > 95%', async () => {
      const model = quantizeMlp(layers, calibrated);
      const { logits } = await runQuantizedMlp(model, x, rows);
      const step = model.layers[model.layers.length - 1].output.scale;
      let worst = 0;
      let mean = 0;
      for (let i = 0; i < logits.length; i++) {
        const steps = Math.abs(logits[i] - floatLogits[i]) / step;
        worst = Math.max(worst, steps);
        mean += steps / logits.length;
      }
      expect(worst).toBeLessThan(4); // 2.5 measured
      expect(mean).toBeLessThan(1); // 0.43 measured
      const agreement = argmaxRows(logits, 10).filter((c, r) => c === floatArgmax[r]).length / rows;
      expect(agreement).toBeGreaterThan(0.95); // 0.978 measured
    });

    it('fewer bits lose accuracy gracefully (4-bit weights and activations agree less often)', async () => {
      const agreementAt = async (bits: number) => {
        const model = quantizeMlp(layers, calibrated, { weightBits: bits, activationBits: bits });
        const { logits } = await runQuantizedMlp(model, x, rows);
        return argmaxRows(logits, 10).filter((c, r) => c === floatArgmax[r]).length / rows;
      };
      const [eight, four] = [await agreementAt(8), await agreementAt(4)];
      expect(four).toBeGreaterThan(0.3); // 0.69 measured
      expect(four).toBeLessThan(eight);
    });

    it('an injected async matmul (the GPU hook) gives the same codes', async () => {
      const model = quantizeMlp(layers, calibrated);
      let calls = 0;
      const asyncMatmul = async (a: Int8Array, b: Int8Array, m: number, k: number, n: number) => {
        calls++;
        return int8Matmul(a, b, m, k, n);
      };
      const reference = await runQuantizedMlp(model, x, rows);
      const injected = await runQuantizedMlp(model, x, rows, asyncMatmul);
      expect(calls).toBe(3);
      expect(Array.from(injected.codes)).toEqual(Array.from(reference.codes));
    });
  });
});
