/**
 * Affine (uniform) quantization as TFLite's quantization specification defines it:
 *
 *   real = scale * (q - zeroPoint),   q = clamp(round(real / scale) + zeroPoint, qmin, qmax)
 *
 * with round = std::round (half away from zero), as TFLite's reference Quantize kernel does.
 * Activations are per-tensor asymmetric on the full signed range [-2^(b-1), 2^(b-1) - 1];
 * weights are symmetric (zeroPoint = 0) on the narrow range [-(2^(b-1) - 1), 2^(b-1) - 1], per
 * output channel or per tensor. The spec is written for b = 8; here b may be 2..16.
 *
 * Zero tensors: TFLite's converter stores scale 0 for an all-zero range (and quantizes with an
 * inverse scale of 0). Here the scale is 1 instead, so that real / scale is never 0 / 0 and every
 * scale written to a model file is positive; every value still quantizes to the zero point.
 */

/** Parameters of one affine quantizer: real = scale * (q - zeroPoint), q in [qmin, qmax]. */
export interface QuantParams {
  scale: number;
  zeroPoint: number;
  qmin: number;
  qmax: number;
  bits: number;
}

/** Throws unless bits is an integer in [min, max] (2..16 by default). */
export function assertBits(bits: number, min = 2, max = 16): void {
  if (!Number.isInteger(bits) || bits < min || bits > max)
    throw new Error(`Quantization bits must be an integer from ${min} to ${max}, got ${bits}.`);
}

/** std::round: nearest integer, halves away from zero (JavaScript's Math.round sends -0.5 to 0). */
export function roundHalfAwayFromZero(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/**
 * Asymmetric parameters of a real range (TFLite's ChooseQuantizationParams and the converter's
 * GetAsymmetricQuantizationParams): the range is first extended to contain 0
 * (min = min(min, 0), max = max(max, 0)), then on [qmin, qmax] = [-2^(b-1), 2^(b-1) - 1]
 *   scale = (max - min) / (qmax - qmin),
 *   zeroPoint = clamp(round(qmin - min / scale), qmin, qmax),
 * so real 0 is exactly the integer zeroPoint (the "nudged" zero point). min = max = 0 gives
 * scale 1 and zeroPoint = qmin (see the module note).
 */
export function asymmetricParams(min: number, max: number, bits = 8): QuantParams {
  assertBits(bits);
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max)
    throw new Error(`Quantization range must be finite with min <= max, got [${min}, ${max}].`);
  const qmin = -(2 ** (bits - 1));
  const qmax = 2 ** (bits - 1) - 1;
  const lo = Math.min(min, 0);
  const hi = Math.max(max, 0);
  const scale = hi > lo ? (hi - lo) / (qmax - qmin) : 1;
  const zeroPoint = Math.min(qmax, Math.max(qmin, roundHalfAwayFromZero(qmin - lo / scale)));
  return { scale, zeroPoint, qmin, qmax, bits };
}

/**
 * Symmetric parameters for values in [-maxAbs, maxAbs] on the narrow range
 * [-(2^(b-1) - 1), 2^(b-1) - 1]: scale = maxAbs / (2^(b-1) - 1), zeroPoint = 0
 * (TFLite's SymmetricPerChannelQuantization). maxAbs = 0 gives scale 1.
 */
export function symmetricParams(maxAbs: number, bits = 8): QuantParams {
  assertBits(bits);
  if (!Number.isFinite(maxAbs) || maxAbs < 0)
    throw new Error(`Symmetric quantization needs a finite maxAbs >= 0, got ${maxAbs}.`);
  const qmax = 2 ** (bits - 1) - 1;
  return { scale: maxAbs > 0 ? maxAbs / qmax : 1, zeroPoint: 0, qmin: -qmax, qmax, bits };
}

/**
 * Per-output-channel symmetric parameters of a dense kernel W: [inputs, units] row-major: for
 * each unit (column) c, symmetricParams(max_k |W[k, c]|, bits). Returns [units] parameters.
 */
export function perChannelSymmetric(
  weights: Float32Array,
  inputs: number,
  units: number,
  bits = 8,
): QuantParams[] {
  if (weights.length !== inputs * units)
    throw new Error(`Expected a ${inputs}x${units} kernel, got ${weights.length} values.`);
  const maxAbs = new Float64Array(units);
  for (let k = 0; k < inputs; k++)
    for (let c = 0; c < units; c++)
      maxAbs[c] = Math.max(maxAbs[c], Math.abs(weights[k * units + c]));
  return Array.from(maxAbs, (m) => symmetricParams(m, bits));
}

/** Per-tensor asymmetric parameters from the tensor's own min and max (0 for an empty tensor). */
export function perTensorAsymmetric(weights: ArrayLike<number>, bits = 8): QuantParams {
  let min = 0;
  let max = 0;
  for (let i = 0; i < weights.length; i++) {
    if (weights[i] < min) min = weights[i];
    if (weights[i] > max) max = weights[i];
  }
  return asymmetricParams(min, max, bits);
}

/** One value: clamp(round(x / scale) + zeroPoint, qmin, qmax); NaN maps to the zero point. */
function quantizeValue(x: number, p: QuantParams): number {
  if (Number.isNaN(x)) return p.zeroPoint;
  const q = roundHalfAwayFromZero(x / p.scale) + p.zeroPoint;
  return q < p.qmin ? p.qmin : q > p.qmax ? p.qmax : q;
}

/** q[i] = clamp(round(x[i] / scale) + zeroPoint, qmin, qmax). NaN maps to the zero point. */
export function quantize(x: ArrayLike<number>, params: QuantParams): Int32Array {
  const q = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) q[i] = quantizeValue(x[i], params);
  return q;
}

/** real[i] = scale * (q[i] - zeroPoint). */
export function dequantize(q: ArrayLike<number>, params: QuantParams): Float32Array {
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) out[i] = params.scale * (q[i] - params.zeroPoint);
  return out;
}

/**
 * Quantizes W: [inputs, units] row-major with one parameter set per column:
 * q[k, c] = quantize(W[k, c], params[c]); units = params.length.
 */
export function quantizePerChannel(weights: ArrayLike<number>, params: QuantParams[]): Int32Array {
  const units = params.length;
  if (units === 0 || weights.length % units !== 0)
    throw new Error(`${weights.length} values do not split into ${units} channels.`);
  const q = new Int32Array(weights.length);
  for (let i = 0; i < weights.length; i++) q[i] = quantizeValue(weights[i], params[i % units]);
  return q;
}

/** real[k, c] = params[c].scale * (q[k, c] - params[c].zeroPoint), q: [inputs, units]. */
export function dequantizePerChannel(q: ArrayLike<number>, params: QuantParams[]): Float32Array {
  const units = params.length;
  if (units === 0 || q.length % units !== 0)
    throw new Error(`${q.length} values do not split into ${units} channels.`);
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) {
    const p = params[i % units];
    out[i] = p.scale * (q[i] - p.zeroPoint);
  }
  return out;
}
