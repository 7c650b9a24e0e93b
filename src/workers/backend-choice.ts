/**
 * Which compute backend a worker uses, and why. Pure logic, tested on its own:
 * WebGPU on a hardware adapter; WASM (SIMD) when the only adapter is a software fallback or there
 * is none, since WASM is then the fast path (PLATFORM.md: a 1024^2 matmul takes ~5 s on
 * SwiftShader's WebGPU and ~0.1 s on WASM); CPU (plain JavaScript) last. The user may override.
 */
export const backendPreferences = ['auto', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendPreference = (typeof backendPreferences)[number];
export type BackendName = 'webgpu' | 'wasm' | 'cpu';

/** What probing WebGPU found. */
export type AdapterProbe =
  | { available: true; name: string; isFallbackAdapter: boolean }
  | { available: false; error: string };

export interface BackendChoice {
  /** Backends to try, best first; the worker takes the first that initializes. */
  order: BackendName[];
  reason: string;
}

export function chooseBackend(preference: BackendPreference, probe: AdapterProbe): BackendChoice {
  const unavailable = probe.available ? '' : probe.error;
  switch (preference) {
    case 'webgpu':
      return probe.available
        ? {
            order: ['webgpu', 'wasm', 'cpu'],
            reason: probe.isFallbackAdapter
              ? `WebGPU chosen by you; ${probe.name} is a software adapter, so expect it to be slow`
              : 'WebGPU chosen by you',
          }
        : {
            order: ['wasm', 'cpu'],
            reason: `WebGPU was requested but is unavailable (${unavailable}); using WASM`,
          };
    case 'wasm':
      return { order: ['wasm', 'cpu'], reason: 'WASM chosen by you' };
    case 'cpu':
      return { order: ['cpu'], reason: 'CPU chosen by you' };
    case 'auto':
      if (!probe.available)
        return {
          order: ['wasm', 'cpu'],
          reason: `no WebGPU (${unavailable}); WASM is the fast path`,
        };
      if (probe.isFallbackAdapter) {
        return {
          order: ['wasm', 'cpu'],
          reason: `the only WebGPU adapter, ${probe.name}, is a software fallback; WASM (SIMD) is faster on this machine`,
        };
      }
      return {
        order: ['webgpu', 'wasm', 'cpu'],
        reason: `a hardware GPU adapter was found (${probe.name})`,
      };
  }
}

/** What the page shows: the active backend, its adapter, and why it was chosen. */
export interface BackendInfo {
  backend: BackendName;
  /** e.g. "WebGPU · NVIDIA GeForce RTX 4070", "WASM (SIMD)", "CPU". */
  label: string;
  adapter: string | null;
  isFallbackAdapter: boolean;
  reason: string;
  /** Device losses survived so far in this worker. */
  deviceLosses: number;
}

export function backendLabel(backend: BackendName, adapter: string | null, simd: boolean): string {
  if (backend === 'webgpu') return `WebGPU · ${adapter ?? 'unknown adapter'}`;
  if (backend === 'wasm') return simd ? 'WASM (SIMD)' : 'WASM';
  return 'CPU';
}
