/**
 * MLPQ: a small binary container for a model's tensors, so the lab can show and download the
 * real size of a float32, float16 or b-bit integer model. Layout (all integers little-endian):
 *
 *   bytes 0..3    magic 'MLPQ'
 *   bytes 4..7    uint32 format version (1)
 *   bytes 8..11   uint32 H, the byte length of the header
 *   bytes 12..    header: UTF-8 JSON { tensors: [{ name, shape, dtype, quantization?, offset,
 *                 byteLength }] }, offsets relative to the payload start
 *   then zero padding to a multiple of 4, then each tensor's payload, each padded to 4 bytes.
 *
 * Payloads: float32 as 4-byte IEEE words; float16 as 2-byte binary16 words; int32 as 4-byte
 * two's complement; `int${b}` for 2 <= b <= 16 as b-bit two's complement fields packed
 * back to back, least significant bit first (so int8 is one byte per value and int4 two values
 * per byte, the first in the low nibble), ceil(n b / 8) bytes in all.
 */

/** Element type of a stored tensor: `int${b}` with b in 2..16, or int32. */
export type TensorDtype = 'float32' | 'float16' | `int${number}`;

/** Affine quantization of a stored integer tensor: real = scale * (q - zeroPoint). */
export interface TensorQuantization {
  /** One entry per tensor, or one per slice along `axis`. */
  scale: number[];
  zeroPoint: number[];
  axis?: number;
}

/**
 * One named tensor. data by dtype: float32 -> Float32Array, float16 -> Uint16Array of binary16
 * bit patterns (float16.ts), int2..int8 -> Int8Array, int9..int16 -> Int16Array,
 * int32 -> Int32Array; length = product of shape.
 */
export interface ModelTensor {
  name: string;
  shape: number[];
  dtype: TensorDtype;
  data: Float32Array | Uint16Array | Int8Array | Int16Array | Int32Array;
  quantization?: TensorQuantization;
}

interface HeaderEntry {
  name: string;
  shape: number[];
  dtype: TensorDtype;
  quantization?: TensorQuantization;
  offset: number;
  byteLength: number;
}

const MAGIC = 'MLPQ';
const VERSION = 1;

/** Bits per element of a dtype; throws for an unknown one. */
export function dtypeBits(dtype: string): number {
  if (dtype === 'float32' || dtype === 'int32') return 32;
  if (dtype === 'float16') return 16;
  const match = /^int(\d+)$/.exec(dtype);
  const bits = match ? Number(match[1]) : NaN;
  if (!(bits >= 2 && bits <= 16))
    throw new Error(`Unknown tensor dtype '${dtype}': use float32, float16, int2..int16 or int32.`);
  return bits;
}

/** Payload bytes of `elements` values of `dtype`: ceil(elements * bits / 8). */
export function payloadByteLength(dtype: TensorDtype, elements: number): number {
  return Math.ceil((elements * dtypeBits(dtype)) / 8);
}

const align4 = (n: number): number => (n + 3) & ~3;
const elementCount = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/** Writes b-bit two's complement fields, LSB first, into out (ceil(n b / 8) bytes). */
function packBits(values: ArrayLike<number>, bits: number, out: Uint8Array, name: string): void {
  const lo = -(2 ** (bits - 1));
  const hi = 2 ** (bits - 1) - 1;
  const mask = 2 ** bits - 1;
  let acc = 0;
  let accBits = 0;
  let o = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= lo && v <= hi))
      throw new Error(`Tensor '${name}': value ${v} at ${i} does not fit in int${bits}.`);
    acc |= (v & mask) << accBits;
    accBits += bits;
    while (accBits >= 8) {
      out[o++] = acc & 0xff;
      acc >>>= 8;
      accBits -= 8;
    }
  }
  if (accBits > 0) out[o] = acc & 0xff;
}

/** Reads n b-bit two's complement fields written by packBits. */
function unpackBits(bytes: Uint8Array, bits: number, out: Int8Array | Int16Array): void {
  const mask = 2 ** bits - 1;
  const signShift = 32 - bits;
  let acc = 0;
  let accBits = 0;
  let p = 0;
  for (let i = 0; i < out.length; i++) {
    while (accBits < bits) {
      acc |= bytes[p++] << accBits;
      accBits += 8;
    }
    out[i] = ((acc & mask) << signShift) >> signShift;
    acc >>>= bits;
    accBits -= bits;
  }
}

function checkData(tensor: ModelTensor): void {
  const bits = dtypeBits(tensor.dtype);
  const expected =
    tensor.dtype === 'float32'
      ? Float32Array
      : tensor.dtype === 'float16'
        ? Uint16Array
        : bits === 32
          ? Int32Array
          : bits <= 8
            ? Int8Array
            : Int16Array;
  if (!(tensor.data instanceof expected))
    throw new Error(`Tensor '${tensor.name}': ${tensor.dtype} data must be a ${expected.name}.`);
  if (!tensor.shape.every((d) => Number.isInteger(d) && d >= 0))
    throw new Error(`Tensor '${tensor.name}': bad shape [${tensor.shape}].`);
  if (tensor.data.length !== elementCount(tensor.shape))
    throw new Error(
      `Tensor '${tensor.name}': shape [${tensor.shape}] needs ${elementCount(tensor.shape)} values, got ${tensor.data.length}.`,
    );
}

/** Serializes tensors into one MLPQ file (see the module comment for the layout). */
export function writeModelFile(tensors: ModelTensor[]): Uint8Array {
  let offset = 0;
  const entries: HeaderEntry[] = tensors.map((t) => {
    checkData(t);
    const byteLength = payloadByteLength(t.dtype, t.data.length);
    const entry: HeaderEntry = {
      name: t.name,
      shape: [...t.shape],
      dtype: t.dtype,
      offset,
      byteLength,
    };
    if (t.quantization) entry.quantization = t.quantization;
    offset += align4(byteLength);
    return entry;
  });
  const header = new TextEncoder().encode(JSON.stringify({ tensors: entries }));
  const payloadStart = align4(12 + header.length);
  const bytes = new Uint8Array(payloadStart + offset);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < 4; i++) bytes[i] = MAGIC.charCodeAt(i);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, header.length, true);
  bytes.set(header, 12);
  tensors.forEach((t, index) => {
    const start = payloadStart + entries[index].offset;
    const { data } = t;
    if (data instanceof Float32Array || data instanceof Int32Array) {
      // Through the bit patterns, so float NaN payloads survive.
      const words = new Uint32Array(data.buffer, data.byteOffset, data.length);
      for (let i = 0; i < words.length; i++) view.setUint32(start + 4 * i, words[i], true);
    } else if (data instanceof Uint16Array) {
      for (let i = 0; i < data.length; i++) view.setUint16(start + 2 * i, data[i], true);
    } else {
      const out = bytes.subarray(start, start + entries[index].byteLength);
      packBits(data, dtypeBits(t.dtype), out, t.name);
    }
  });
  return bytes;
}

/** Parses an MLPQ file written by writeModelFile; the tensors come back exactly as written. */
export function readModelFile(bytes: Uint8Array): ModelTensor[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (bytes.length < 12 || magic !== MAGIC)
    throw new Error(`Not an MLPQ model file: it starts with '${magic}', not '${MAGIC}'.`);
  const version = view.getUint32(4, true);
  if (version !== VERSION)
    throw new Error(`MLPQ version ${version} is not supported (this reader knows ${VERSION}).`);
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > bytes.length)
    throw new Error('The MLPQ file is truncated: its header runs past the end.');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))) as {
    tensors: HeaderEntry[];
  };
  const payloadStart = align4(12 + headerLength);
  return header.tensors.map((entry) => {
    const count = elementCount(entry.shape);
    const bits = dtypeBits(entry.dtype);
    const start = payloadStart + entry.offset;
    if (entry.byteLength !== payloadByteLength(entry.dtype, count))
      throw new Error(`Tensor '${entry.name}': payload size does not match its shape and dtype.`);
    if (start + entry.byteLength > bytes.length)
      throw new Error(`The MLPQ file is truncated: tensor '${entry.name}' runs past the end.`);
    let data: ModelTensor['data'];
    if (entry.dtype === 'float32' || bits === 32) {
      const words = new Uint32Array(count);
      for (let i = 0; i < count; i++) words[i] = view.getUint32(start + 4 * i, true);
      data =
        entry.dtype === 'float32' ? new Float32Array(words.buffer) : new Int32Array(words.buffer);
    } else if (entry.dtype === 'float16') {
      data = new Uint16Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getUint16(start + 2 * i, true);
    } else {
      data = bits <= 8 ? new Int8Array(count) : new Int16Array(count);
      unpackBits(bytes.subarray(start, start + entry.byteLength), bits, data);
    }
    const tensor: ModelTensor = { name: entry.name, shape: entry.shape, dtype: entry.dtype, data };
    if (entry.quantization) tensor.quantization = entry.quantization;
    return tensor;
  });
}
