import { describe, expect, it } from 'vitest';
import { perChannelSymmetric, quantizePerChannel } from '../../src/engine/quantization/affine';
import { toFloat16Bits } from '../../src/engine/quantization/float16';
import {
  payloadByteLength,
  readModelFile,
  writeModelFile,
  type ModelTensor,
} from '../../src/engine/quantization/model-file';
import { createRng } from '../../src/engine/rng';

const bitsOf = (data: ModelTensor['data']) =>
  Array.from(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));

/** Reads the container by the documented layout, independently of readModelFile. */
function parseLayout(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength)));
  const payloadStart = Math.ceil((12 + headerLength) / 4) * 4;
  return {
    magic: String.fromCharCode(...bytes.subarray(0, 4)),
    version: view.getUint32(4, true),
    header,
    payload: (i: number) => {
      const { offset, byteLength } = header.tensors[i];
      return Array.from(bytes.subarray(payloadStart + offset, payloadStart + offset + byteLength));
    },
  };
}

describe('MLPQ model file', () => {
  const rng = createRng(3);
  const ints = (bits: number, n: number) =>
    Array.from({ length: n }, () => Math.floor(rng.next() * 2 ** bits) - 2 ** (bits - 1));

  it('lays out magic, version, JSON header and LSB-first packed payloads (by hand)', () => {
    const bytes = writeModelFile([
      { name: 'a', shape: [5], dtype: 'int4', data: Int8Array.from([1, -1, 7, -8, 3]) },
      { name: 'b', shape: [5], dtype: 'int2', data: Int8Array.from([1, -2, -1, 0, 1]) },
      { name: 'c', shape: [3], dtype: 'int3', data: Int8Array.from([3, -4, -1]) },
      { name: 'd', shape: [2], dtype: 'float16', data: Uint16Array.from([0x3c00, 0x7bff]) },
      { name: 'e', shape: [1], dtype: 'int32', data: Int32Array.from([-2]) },
    ]);
    const layout = parseLayout(bytes);
    expect(layout.magic).toBe('MLPQ');
    expect(layout.version).toBe(1);
    expect(layout.header.tensors.map((t: { dtype: string }) => t.dtype)).toEqual([
      'int4',
      'int2',
      'int3',
      'float16',
      'int32',
    ]);
    // int4 nibbles, low first: (1, -1 = 0xf) -> 0xf1, (7, -8 = 0x8) -> 0x87, (3) -> 0x03.
    expect(layout.payload(0)).toEqual([0xf1, 0x87, 0x03]);
    // int2 fields 01, 10, 11, 00 | 01 -> 0b00111001 = 0x39, 0x01.
    expect(layout.payload(1)).toEqual([0x39, 0x01]);
    // int3 fields 011, 100, 111 -> 3 + 4 * 8 + 7 * 64 = 483 = 0x1e3 -> 0xe3, 0x01.
    expect(layout.payload(2)).toEqual([0xe3, 0x01]);
    expect(layout.payload(3)).toEqual([0x00, 0x3c, 0xff, 0x7b]);
    expect(layout.payload(4)).toEqual([0xfe, 0xff, 0xff, 0xff]);
  });

  it('round-trips every dtype exactly, NaN payloads and odd lengths included', () => {
    const specials = new Float32Array([NaN, -0, Infinity, -Infinity, 1e-45, 3.4e38]);
    new Uint32Array(specials.buffer)[0] = 0x7fa00001; // a signalling NaN with a payload
    const tensors: ModelTensor[] = [
      {
        name: 'dense/kernel',
        shape: [3, 2],
        dtype: 'float32',
        data: specials,
      },
      {
        name: 'half',
        shape: [7],
        dtype: 'float16',
        data: toFloat16Bits(Float32Array.from([0.1, -2, 65504, NaN, 1e-7, 0, 3])),
      },
      ...[2, 3, 4, 5, 7, 8].map((bits): ModelTensor => ({
        name: `q${bits}`,
        shape: [3, 7],
        dtype: `int${bits}`,
        data: Int8Array.from(ints(bits, 21)),
        quantization: { scale: [0.1, 1 / 3, 2 ** -20], zeroPoint: [0, -1, 2], axis: 1 },
      })),
      ...[9, 12, 16].map((bits): ModelTensor => ({
        name: `wide${bits}`,
        shape: [13],
        dtype: `int${bits}`,
        data: Int16Array.from(ints(bits, 13)),
        quantization: { scale: [Math.PI], zeroPoint: [-3] },
      })),
      {
        name: 'bias',
        shape: [4],
        dtype: 'int32',
        data: Int32Array.from([-2147483648, 2147483647, 0, -5]),
      },
      { name: 'empty', shape: [0, 4], dtype: 'int4', data: new Int8Array(0) },
    ];
    const back = readModelFile(writeModelFile(tensors));
    expect(back.map((t) => [t.name, t.shape, t.dtype, t.quantization])).toEqual(
      tensors.map((t) => [t.name, t.shape, t.dtype, t.quantization]),
    );
    back.forEach((t, i) => {
      expect(t.data.constructor).toBe(tensors[i].data.constructor);
      expect(bitsOf(t.data)).toEqual(bitsOf(tensors[i].data));
    });
  });

  it('an int8 784x128 layer is about 4x smaller than float32, int4 about 8x', () => {
    const inputs = 784;
    const units = 128;
    const kernel = Float32Array.from({ length: inputs * units }, () => rng.normal() * 0.05);
    const size = (dtype: 'float32' | 'int8' | 'int4') => {
      if (dtype === 'float32')
        return writeModelFile([{ name: 'kernel', shape: [inputs, units], dtype, data: kernel }])
          .length;
      const params = perChannelSymmetric(kernel, inputs, units, dtype === 'int8' ? 8 : 4);
      return writeModelFile([
        {
          name: 'kernel',
          shape: [inputs, units],
          dtype,
          data: Int8Array.from(quantizePerChannel(kernel, params)),
          quantization: {
            scale: params.map((p) => p.scale),
            zeroPoint: params.map(() => 0),
            axis: 1,
          },
        },
      ]).length;
    };
    const float32 = size('float32');
    expect(float32).toBeGreaterThanOrEqual(4 * inputs * units);
    expect(float32).toBeLessThan(4 * inputs * units + 200);
    expect(float32 / size('int8')).toBeGreaterThan(3.7); // 3.88 measured: the 128 scales in the header cost ~3 KB
    expect(float32 / size('int8')).toBeLessThanOrEqual(4);
    expect(float32 / size('int4')).toBeGreaterThan(7); // 7.54 measured
    expect(float32 / size('int4')).toBeLessThanOrEqual(8);
    expect(payloadByteLength('int4', inputs * units)).toBe((inputs * units) / 2);
    expect(payloadByteLength('int3', 5)).toBe(2);
  });

  it('rejects bad input with clear errors', () => {
    expect(() =>
      writeModelFile([{ name: 'x', shape: [2], dtype: 'int4', data: Int8Array.from([8, 0]) }]),
    ).toThrow(/value 8 at 0 does not fit in int4/);
    expect(() =>
      writeModelFile([{ name: 'x', shape: [3], dtype: 'int8', data: Int8Array.from([1, 2]) }]),
    ).toThrow(/needs 3 values/);
    expect(() =>
      writeModelFile([{ name: 'x', shape: [1], dtype: 'int8', data: Int16Array.from([1]) }]),
    ).toThrow(/Int8Array/);
    expect(() =>
      writeModelFile([{ name: 'x', shape: [1], dtype: 'int1', data: new Int8Array(1) }]),
    ).toThrow(/Unknown tensor dtype/);
    const good = writeModelFile([
      { name: 'x', shape: [4], dtype: 'float32', data: new Float32Array(4) },
    ]);
    expect(() => readModelFile(new TextEncoder().encode('PK\u0003\u0004 not a model'))).toThrow(
      /Not an MLPQ/,
    );
    expect(() => readModelFile(good.subarray(0, good.length - 4))).toThrow(/truncated/);
    const future = good.slice();
    future[4] = 9;
    expect(() => readModelFile(future)).toThrow(/version 9/);
  });
});
