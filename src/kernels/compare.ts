/** How far a GPU result is from its CPU twin. */

/** The largest |gpu - cpu| / max(1, |cpu|) over all entries. */
export function maxRelativeError(gpu: ArrayLike<number>, cpu: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < cpu.length; i++) {
    worst = Math.max(worst, Math.abs(gpu[i] - cpu[i]) / Math.max(1, Math.abs(cpu[i])));
  }
  return gpu.length === cpu.length ? worst : Infinity;
}
