// Writer for the packed dataset format read by src/engine/data/packed-format.ts (see there for the
// layout). Output is gzip with a zeroed header time, so the same input gives the same bytes.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const MAGIC = [0x4d, 0x4c, 0x50, 0x44]; // "MLPD"

/**
 * @param {object} header JSON header (name, rows, features, featureDtype, targetDtype, ...)
 * @param {Uint8Array | Float32Array} features [rows * features]
 * @param {Uint8Array | Float32Array} targets [rows]
 * @returns {Uint8Array} the uncompressed file
 */
export function encodePacked(header, features, targets) {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerEnd = 8 + json.length;
  const featureStart = Math.ceil(headerEnd / 4) * 4;
  const targetStart = Math.ceil((featureStart + features.byteLength) / 4) * 4;
  const out = new Uint8Array(targetStart + targets.byteLength);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, json.length, true);
  out.set(json, 8);
  out.set(new Uint8Array(features.buffer, features.byteOffset, features.byteLength), featureStart);
  out.set(new Uint8Array(targets.buffer, targets.byteOffset, targets.byteLength), targetStart);
  return out;
}

/** Writes `file` gzipped and records the SHA-256 of the uncompressed bytes in checksums.json. */
export function writePacked(file, bytes, checksumsPath) {
  writeFileSync(file, gzipSync(bytes, { level: 9 }));
  const checksums = JSON.parse(readFileSync(checksumsPath, 'utf8'));
  const name = file.split('/').pop();
  checksums[name] = createHash('sha256').update(bytes).digest('hex');
  const sorted = Object.fromEntries(
    Object.entries(checksums).sort(([a], [b]) => a.localeCompare(b)),
  );
  writeFileSync(checksumsPath, JSON.stringify(sorted, null, 2) + '\n');
  return checksums[name];
}
