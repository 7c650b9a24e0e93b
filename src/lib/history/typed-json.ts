/**
 * JSON that keeps what plain JSON loses in a lab's result: typed arrays (as their bytes in
 * base64, so every value, NaN included, comes back bit for bit) and non-finite numbers (NaN,
 * Infinity, which JSON.stringify writes as null). Each such value becomes a tagged object
 * `{ $typed: 'Float32Array', base64 }` or `{ $number: 'NaN' }`; other data pass through.
 */

const typedArrays = {
  Float32Array,
  Float64Array,
  Int8Array,
  Int16Array,
  Int32Array,
  Uint8Array,
  Uint8ClampedArray,
  Uint16Array,
  Uint32Array,
} as const;
type TypedArrayName = keyof typeof typedArrays;

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}

function fromBase64(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Replaces typed arrays and non-finite numbers by tagged plain objects, recursively. */
export function encodeTyped(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : { $number: String(value) };
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const name = value.constructor.name;
    if (!(name in typedArrays)) throw new Error(`cannot encode a ${name}`);
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    return { $typed: name, base64: toBase64(bytes) };
  }
  if (Array.isArray(value)) return value.map(encodeTyped);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = encodeTyped(item);
  return out;
}

/** The inverse of `encodeTyped`. Throws on a tag it does not know. */
export function decodeTyped(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeTyped);
  const record = value as Record<string, unknown>;
  if (typeof record.$number === 'string') {
    const n = Number(record.$number);
    if (!Number.isNaN(n) || record.$number === 'NaN') return n;
    throw new Error(`unknown number ${JSON.stringify(record.$number)}`);
  }
  if (typeof record.$typed === 'string' && typeof record.base64 === 'string') {
    const name = record.$typed as TypedArrayName;
    if (!Object.hasOwn(typedArrays, name)) throw new Error(`unknown array type ${name}`);
    const bytes = fromBase64(record.base64);
    const Type = typedArrays[name];
    if (bytes.length % Type.BYTES_PER_ELEMENT !== 0) throw new Error(`truncated ${name}`);
    return new Type(bytes.buffer, 0, bytes.length / Type.BYTES_PER_ELEMENT);
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record)) out[key] = decodeTyped(item);
  return out;
}
