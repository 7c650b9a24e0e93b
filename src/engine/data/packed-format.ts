/**
 * The packed dataset file (written by scripts/data/pack-format.mjs and export_sklearn.py):
 *
 *   bytes 0-3   "MLPD"
 *   bytes 4-7   uint32 little-endian: length H of the JSON header
 *   bytes 8..   JSON header (PackedHeader), UTF-8
 *   aligned 4   features: rows * features values of featureDtype (row-major)
 *   aligned 4   targets: rows values of targetDtype
 *
 * Files are stored gzipped (`*.bin.gz`); the SHA-256 of the uncompressed bytes is in checksums.json.
 */
export interface PackedHeader {
  version: 1;
  name: string;
  rows: number;
  features: number;
  featureDtype: 'uint8' | 'float32';
  /** Stored value * featureScale = feature value (1/255 for MNIST pixels). */
  featureScale: number;
  shape: [number, number, number] | null;
  targetDtype: 'uint8' | 'float32';
  classes: string[];
  featureNames?: string[] | null;
}

export interface PackedData {
  header: PackedHeader;
  /** Stored feature values, before featureScale: [rows * features]. */
  features: Uint8Array | Float32Array;
  targets: Uint8Array | Float32Array;
}

const bytesOf = { uint8: 1, float32: 4 } as const;

/** Parses a packed file; throws an Error that says what is wrong with it. */
export function decodePacked(bytes: Uint8Array): PackedData {
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (bytes.length < 8 || magic !== 'MLPD')
    throw new Error('not a packed dataset file (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(4, true);
  if (8 + headerLength > bytes.length) throw new Error('truncated header');
  const header = JSON.parse(
    new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)),
  ) as PackedHeader;
  if (header.version !== 1) throw new Error(`unsupported format version ${String(header.version)}`);
  const featureStart = Math.ceil((8 + headerLength) / 4) * 4;
  const featureBytes = header.rows * header.features * bytesOf[header.featureDtype];
  const targetStart = Math.ceil((featureStart + featureBytes) / 4) * 4;
  const targetBytes = header.rows * bytesOf[header.targetDtype];
  if (targetStart + targetBytes !== bytes.length) {
    throw new Error(`expected ${targetStart + targetBytes} bytes, found ${bytes.length}`);
  }
  // Copy into a fresh, aligned buffer so typed views are valid whatever the input's offset.
  const body = bytes.slice(featureStart, targetStart + targetBytes).buffer;
  const features =
    header.featureDtype === 'uint8'
      ? new Uint8Array(body, 0, featureBytes)
      : new Float32Array(body, 0, featureBytes / 4);
  const targetOffset = targetStart - featureStart;
  const targets =
    header.targetDtype === 'uint8'
      ? new Uint8Array(body, targetOffset, header.rows)
      : new Float32Array(body, targetOffset, header.rows);
  return { header, features, targets };
}
