/**
 * One GPU device per worker (or per Node process), shared by tfjs's WebGPU backend and our own
 * kernels. This module asks the platform's `GPU` for an adapter and a device with the adapter's
 * full limits, and describes the adapter for the page.
 */
export interface AdapterDescription {
  /** "SwiftShader driver 5.0.0", "NVIDIA GeForce RTX 4070", ... */
  name: string;
  vendor: string;
  architecture: string;
  /** True for a software adapter (SwiftShader and the like). */
  isFallbackAdapter: boolean;
}

export interface GpuContext {
  adapter: GPUAdapter;
  device: GPUDevice;
  description: AdapterDescription;
}

/** Describes an adapter; older implementations expose `isFallbackAdapter` on the adapter itself. */
export function describeAdapter(adapter: GPUAdapter): AdapterDescription {
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const legacy = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter;
  const name =
    info.description ||
    [info.vendor, info.architecture, info.device].filter(Boolean).join(' ') ||
    'unknown adapter';
  return {
    name,
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    isFallbackAdapter: Boolean(
      info.isFallbackAdapter ?? legacy ?? /swiftshader|llvmpipe|warp/i.test(name),
    ),
  };
}

/** Limits we raise to the adapter's maximum, as tfjs's own WebGPU backend does. */
const RAISED_LIMITS = [
  'maxComputeWorkgroupStorageSize',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupSizeX',
  'maxComputeInvocationsPerWorkgroup',
] as const;

/** Requests a high-performance adapter and a device; throws with a readable reason on failure. */
export async function requestGpu(gpu: GPU | undefined): Promise<GpuContext> {
  if (!gpu) throw new Error('this browser does not expose WebGPU (navigator.gpu is missing)');
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('no WebGPU adapter is available');
  const requiredLimits: Record<string, number> = {};
  for (const limit of RAISED_LIMITS) requiredLimits[limit] = adapter.limits[limit];
  const requiredFeatures: GPUFeatureName[] = [];
  if (adapter.features.has('timestamp-query')) requiredFeatures.push('timestamp-query');
  const device = await adapter.requestDevice({ requiredLimits, requiredFeatures });
  return { adapter, device, description: describeAdapter(adapter) };
}
