/**
 * CPU twin of the mask kernel (apply-mask.wgsl): the pruned weights w * m, elementwise.
 * weights w: [n]; mask m: [n] with m[i] in {0, 1} (1 keeps the weight). Returns w * m: [n].
 */
export function applyMaskCpu(weights: Float32Array, mask: Uint8Array | Float32Array): Float32Array {
  checkMaskLength(weights.length, mask.length);
  return weights.map((w, i) => w * mask[i]);
}

/** Throws a readable Error unless the mask has one entry per weight. */
export function checkMaskLength(weights: number, mask: number): void {
  if (mask !== weights) throw new Error(`applyMask: ${weights} weights but ${mask} mask entries`);
}
