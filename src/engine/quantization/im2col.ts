/**
 * The small CNN's layers as matrix products, so the integer (int8) and sparse (CSR) engines run
 * convolutions through the same products as dense layers.
 *
 * A 3 x 3 convolution with 'same' padding and stride 1 on an NHWC input x [rows, H, W, C] is
 *   y[r, i, j, o] = sum_{dy, dx, c} x[r, i + dy - 1, j + dx - 1, c] K[dy, dx, c, o]
 * with x outside the image read as the padding value. Its im2col rows
 *   P[(r, i, j), (dy, dx, c)] = x[r, i + dy - 1, j + dx - 1, c]      P: [rows H W, 9 C]
 * turn it into y = P K', where K' is the kernel K [3, 3, C, O] (tfjs and Keras's layout,
 * row-major) read as a [9 C, O] matrix: the same bytes, since K's flat index
 * ((dy 3 + dx) C + c) O + o is row (dy 3 + dx) C + c, column o of K'. The output [rows H W, O]
 * row-major is NHWC [rows, H, W, O] again.
 */

/** Where a 3 x 3 'same' convolution (followed by a 2 x 2 max pool) sits: its input [H, W, C]. */
export interface ConvGeometry {
  height: number;
  width: number;
  channels: number;
}

/** Side of the convolution kernel; the CNN uses 3 x 3 throughout. */
export const KERNEL_SIZE = 3;

type Values = Float32Array | Int8Array;

const like = <T extends Values>(x: T, length: number): T =>
  (x instanceof Int8Array ? new Int8Array(length) : new Float32Array(length)) as T;

/**
 * The im2col rows P [rows H W, 9 C] of x [rows, H, W, C] (NHWC, row-major) for a 3 x 3
 * convolution with 'same' padding, columns ordered (dy, dx, c); taps outside the image hold
 * `pad`: 0 for real values, the input's zero point for integer codes (whose real value is 0).
 */
export function im2col<T extends Values>(x: T, rows: number, g: ConvGeometry, pad = 0): T {
  const { height, width, channels } = g;
  if (x.length !== rows * height * width * channels)
    throw new Error(`im2col: expected ${rows}x${height}x${width}x${channels} values`);
  const taps = KERNEL_SIZE * KERNEL_SIZE * channels;
  const out = like(x, rows * height * width * taps);
  if (pad !== 0) out.fill(pad);
  let row = 0;
  for (let r = 0; r < rows; r++)
    for (let i = 0; i < height; i++)
      for (let j = 0; j < width; j++, row++)
        for (let dy = 0; dy < KERNEL_SIZE; dy++) {
          const y = i + dy - 1;
          if (y < 0 || y >= height) continue;
          for (let dx = 0; dx < KERNEL_SIZE; dx++) {
            const xx = j + dx - 1;
            if (xx < 0 || xx >= width) continue;
            const from = ((r * height + y) * width + xx) * channels;
            const to = row * taps + (dy * KERNEL_SIZE + dx) * channels;
            for (let c = 0; c < channels; c++) out[to + c] = x[from + c];
          }
        }
  return out;
}

/**
 * 2 x 2 max pooling with stride 2 ('valid': an odd last row or column is dropped) of
 * x [rows, H, W, C]: out[r, i, j, c] = max over x[r, 2i + a, 2j + b, c], a, b in {0, 1}.
 * Returns [rows, floor(H / 2), floor(W / 2), C]. On integer codes this is exact: a quantizer's
 * dequantization s (q - z) is increasing in q, so the max of the codes is the code of the max
 * (TFLite's int8 MAX_POOL_2D keeps its input's scale and zero point).
 */
export function maxPool2x2<T extends Values>(x: T, rows: number, g: ConvGeometry): T {
  const { height, width, channels } = g;
  if (x.length !== rows * height * width * channels)
    throw new Error(`maxPool2x2: expected ${rows}x${height}x${width}x${channels} values`);
  const outHeight = Math.floor(height / 2);
  const outWidth = Math.floor(width / 2);
  const out = like(x, rows * outHeight * outWidth * channels);
  let o = 0;
  for (let r = 0; r < rows; r++)
    for (let i = 0; i < outHeight; i++)
      for (let j = 0; j < outWidth; j++)
        for (let c = 0; c < channels; c++, o++) {
          const p = ((r * height + 2 * i) * width + 2 * j) * channels + c;
          const below = p + width * channels;
          out[o] = Math.max(x[p], x[p + channels], x[below], x[below + channels]);
        }
  return out;
}

/** The output of a conv + pool block whose input is g and which has `units` filters. */
export const pooledGeometry = (g: ConvGeometry, units: number): ConvGeometry => ({
  height: Math.floor(g.height / 2),
  width: Math.floor(g.width / 2),
  channels: units,
});

/** Values one row holds after the block: floor(H / 2) floor(W / 2) units. */
export const pooledSize = (g: ConvGeometry, units: number): number => {
  const p = pooledGeometry(g, units);
  return p.height * p.width * p.channels;
};

/**
 * Calls `pass(start, count)` over consecutive slices of `rows` rows, at most `batchRows` each,
 * in order, so a network's intermediate arrays stay bounded by the batch.
 */
export async function inBatches(
  rows: number,
  batchRows: number,
  pass: (start: number, count: number) => void | Promise<void>,
): Promise<void> {
  for (let start = 0; start < rows; start += batchRows)
    await pass(start, Math.min(batchRows, rows - start));
}
