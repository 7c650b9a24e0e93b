import { describe, expect, it } from 'vitest';
import { decodeTyped, encodeTyped } from '../../src/lib/history/typed-json';

describe('typed JSON', () => {
  it('round-trips typed arrays bit for bit through JSON text', () => {
    const value = {
      weights: new Float32Array([0.1, -3.5e-20, NaN, Infinity, -0]),
      big: new Float64Array([Math.PI, -Number.MAX_VALUE]),
      labels: new Int32Array([-1, 2 ** 31 - 1]),
      pixels: new Uint8Array([0, 128, 255]),
      codes: new Int8Array([-128, 127]),
      // a view into a larger buffer: only its own bytes are written
      slice: new Float32Array([9, 8, 7, 6]).subarray(1, 3),
      nested: [{ mask: new Uint8ClampedArray([3]) }],
    };
    const back = decodeTyped(JSON.parse(JSON.stringify(encodeTyped(value)))) as typeof value;
    expect(back.weights).toBeInstanceOf(Float32Array);
    expect(new Uint8Array(back.weights.buffer)).toEqual(new Uint8Array(value.weights.buffer));
    expect(back.big).toEqual(value.big);
    expect(back.labels).toEqual(value.labels);
    expect(back.pixels).toEqual(value.pixels);
    expect(back.codes).toEqual(value.codes);
    expect(back.slice).toEqual(new Float32Array([8, 7]));
    expect(back.nested[0].mask).toBeInstanceOf(Uint8ClampedArray);
  });

  it('keeps non-finite numbers, which plain JSON turns into null', () => {
    const value = { loss: NaN, score: [Infinity, -Infinity, 0.5], name: 'run', none: null };
    const back = decodeTyped(JSON.parse(JSON.stringify(encodeTyped(value))));
    expect(back).toEqual(value);
  });

  it('rejects tags it does not know', () => {
    expect(() => decodeTyped({ $typed: 'BigInt64Array', base64: '' })).toThrow(
      'unknown array type BigInt64Array',
    );
    expect(() => decodeTyped({ $number: 'lots' })).toThrow('unknown number');
  });
});
