import { MATMUL_TOLERANCE, matmulCases, matmulInputs, maxRelativeError } from './matmul/cases';
import { matmulGpu } from './matmul/matmul';
import { matmulCpu } from './matmul/matmul-cpu';

export interface KernelCaseResult {
  kernel: string;
  name: string;
  maxError: number;
  tolerance: number;
  passed: boolean;
  milliseconds: number;
  error?: string;
}

export interface KernelSelfTest {
  adapter: string | null;
  passed: boolean;
  cases: KernelCaseResult[];
}

/**
 * Runs every kernel's case table on `device` and compares with the CPU twin. There is no CPU
 * fallback: without a device every case fails.
 */
export async function runKernelSelfTest(
  device: GPUDevice | null,
  adapter: string | null,
): Promise<KernelSelfTest> {
  const cases: KernelCaseResult[] = [];
  for (const c of matmulCases) {
    const name = `${c.m}x${c.k} @ ${c.k}x${c.n} ${c.activation}${c.bias ? ' + bias' : ''}`;
    const started = performance.now();
    try {
      if (!device) throw new Error('no GPU device');
      const { a, b, bias } = matmulInputs(c);
      const gpu = await matmulGpu(device, a, b, bias, c, c.activation);
      const maxError = maxRelativeError(gpu, matmulCpu(a, b, bias, c.m, c.k, c.n, c.activation));
      cases.push({
        kernel: 'matmul',
        name,
        maxError,
        tolerance: MATMUL_TOLERANCE,
        passed: maxError <= MATMUL_TOLERANCE,
        milliseconds: performance.now() - started,
      });
    } catch (error) {
      cases.push({
        kernel: 'matmul',
        name,
        maxError: Infinity,
        tolerance: MATMUL_TOLERANCE,
        passed: false,
        milliseconds: performance.now() - started,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return { adapter, passed: cases.every((c) => c.passed), cases };
}
