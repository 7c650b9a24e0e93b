/**
 * Size after compression, as TF MOT's pruning guide measures it: save the weights, compress the
 * file with DEFLATE (the guide zips it; gzip is the same DEFLATE stream in an 18-byte wrapper), and
 * compare bytes. Pruning alone does not shrink a dense weights file (the zeros are still stored);
 * the long runs of zero bytes are what DEFLATE shrinks.
 */

/** A layer's weights, any shape; only the values matter here. */
export interface WeightValues {
  weights: Float32Array;
}

/**
 * The dense float32 weights file: every layer's weights (zeros included), 4 bytes each, one layer
 * after the other, little-endian as tfjs saves them. Returns [4 * total weights] bytes.
 */
export function denseWeightBytes(layers: readonly WeightValues[]): Uint8Array<ArrayBuffer> {
  const total = layers.reduce((n, layer) => n + layer.weights.length, 0);
  const bytes = new Uint8Array(4 * total);
  const view = new DataView(bytes.buffer);
  let offset = 0;
  for (const { weights } of layers)
    for (let i = 0; i < weights.length; i++, offset += 4) view.setFloat32(offset, weights[i], true);
  return bytes;
}

/**
 * Length in bytes of gzip(bytes), by the platform's CompressionStream('gzip') (zlib's default
 * level 6 in Node and Chromium). Reads the output as it comes, so large inputs do not stall.
 */
export async function gzipSize(bytes: Uint8Array<ArrayBuffer>): Promise<number> {
  const stream = new CompressionStream('gzip');
  const writer = stream.writable.getWriter();
  const written = writer.write(bytes).then(() => writer.close());
  const reader = stream.readable.getReader();
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
  }
  await written;
  return size;
}
