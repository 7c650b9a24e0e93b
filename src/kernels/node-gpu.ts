/**
 * WebGPU in Node (kernel tests, CLI, benchmarks) through the `webgpu` package (Dawn). Installs the
 * WebGPU globals (GPUBufferUsage, ...) and `navigator.gpu`, which tfjs-backend-webgpu checks for.
 * Without a GPU, set VK_ICD_FILENAMES to SwiftShader's driver file (vitest.config.ts and
 * scripts/cli.mjs do it when it exists).
 */
export async function installNodeWebGpu(): Promise<GPU> {
  const existing = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (existing) return existing;
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  const gpu = create([]) as unknown as GPU;
  const nav = (globalThis as { navigator?: object }).navigator;
  if (nav) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  return gpu;
}
