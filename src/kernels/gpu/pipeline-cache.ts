/**
 * Compute pipelines cached per device under a key built from the op, the shapes and the override
 * constants (as tfjs-backend-webgpu keys its programs), so a kernel compiles once per shape.
 */
export type Overrides = Record<string, number>;

/** "op|shape;shape|name=value,..." with overrides sorted by name. */
export function pipelineKey(
  op: string,
  shapes: readonly (readonly number[])[],
  overrides: Overrides,
): string {
  const constants = Object.keys(overrides)
    .sort()
    .map((name) => `${name}=${overrides[name]}`)
    .join(',');
  return `${op}|${shapes.map((shape) => shape.join('x')).join(';')}|${constants}`;
}

export class PipelineCache {
  readonly #device: GPUDevice;
  readonly #modules = new Map<string, GPUShaderModule>();
  readonly #pipelines = new Map<string, GPUComputePipeline>();

  constructor(device: GPUDevice) {
    this.#device = device;
  }

  /** Number of distinct pipelines compiled so far. */
  get size(): number {
    return this.#pipelines.size;
  }

  /** The pipeline for `op` at these shapes and overrides, compiled on first use. */
  get(
    op: string,
    code: string,
    shapes: readonly (readonly number[])[],
    overrides: Overrides,
  ): GPUComputePipeline {
    const key = pipelineKey(op, shapes, overrides);
    let pipeline = this.#pipelines.get(key);
    if (!pipeline) {
      let module = this.#modules.get(op);
      if (!module) {
        module = this.#device.createShaderModule({ label: op, code });
        this.#modules.set(op, module);
      }
      pipeline = this.#device.createComputePipeline({
        label: key,
        layout: 'auto',
        compute: { module, entryPoint: 'main', constants: overrides },
      });
      this.#pipelines.set(key, pipeline);
    }
    return pipeline;
  }
}

const caches = new WeakMap<GPUDevice, PipelineCache>();

/** The cache of a device; a recreated device starts a fresh one. */
export function pipelineCacheFor(device: GPUDevice): PipelineCache {
  let cache = caches.get(device);
  if (!cache) {
    cache = new PipelineCache(device);
    caches.set(device, cache);
  }
  return cache;
}
