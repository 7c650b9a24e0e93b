import { maxRelativeError } from './compare';
import { DISTANCES_TOLERANCE, distancesCases, distancesInputs } from './distances/cases';
import { squaredDistancesGpu } from './distances/distances';
import { squaredDistancesCpu } from './distances/distances-cpu';
import { DISTILL_TOLERANCE, distillCases, distillInputs } from './distill/cases';
import { distillGpu } from './distill/distill';
import { distillCpu } from './distill/distill-cpu';
import { MATMUL_TOLERANCE, matmulCases, matmulInputs } from './matmul/cases';
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

/** One case of one kernel: runs it on the GPU and returns the largest error against the twin. */
interface KernelCheck {
  kernel: string;
  name: string;
  tolerance: number;
  run(device: GPUDevice): Promise<number>;
}

/** Every kernel's case table, in one explicit list. */
const checks: KernelCheck[] = [
  ...matmulCases.map((c) => ({
    kernel: 'matmul',
    name: `${c.m}x${c.k} @ ${c.k}x${c.n} ${c.activation}${c.bias ? ' + bias' : ''}`,
    tolerance: MATMUL_TOLERANCE,
    async run(device: GPUDevice) {
      const { a, b, bias } = matmulInputs(c);
      const gpu = await matmulGpu(device, a, b, bias, c, c.activation);
      return maxRelativeError(gpu, matmulCpu(a, b, bias, c.m, c.k, c.n, c.activation));
    },
  })),
  ...distillCases.map((c) => ({
    kernel: 'distill',
    name: `${c.rows}x${c.classes} T=${c.temperature} a=${c.alpha}`,
    tolerance: DISTILL_TOLERANCE,
    async run(device: GPUDevice) {
      const { student, teacher, targets } = distillInputs(c);
      const gpu = await distillGpu(device, student, teacher, targets, c);
      const cpu = distillCpu(student, teacher, targets, c.rows, c.classes, c.temperature, c.alpha);
      return Math.max(
        maxRelativeError(gpu.loss, cpu.loss),
        maxRelativeError(gpu.gradient, cpu.gradient),
        maxRelativeError(gpu.softTeacher, cpu.softTeacher),
      );
    },
  })),
  ...distancesCases.map((c) => ({
    kernel: 'distances',
    name: `${c.n}x${c.m ?? c.n} in ${c.dim}-d${c.offset ? ` +${c.offset}` : ''}`,
    tolerance: DISTANCES_TOLERANCE,
    async run(device: GPUDevice) {
      const { x, y } = distancesInputs(c);
      const m = c.m ?? c.n;
      const gpu = await squaredDistancesGpu(device, x, c.n, c.dim, y ?? x, m);
      return maxRelativeError(gpu, squaredDistancesCpu(x, y ?? x, c.n, m, c.dim));
    },
  })),
];

/**
 * Runs every kernel's case table on `device` and compares with the CPU twins. There is no CPU
 * fallback: without a device every case fails.
 */
export async function runKernelSelfTest(
  device: GPUDevice | null,
  adapter: string | null,
): Promise<KernelSelfTest> {
  const cases: KernelCaseResult[] = [];
  for (const check of checks) {
    const started = performance.now();
    const base = { kernel: check.kernel, name: check.name, tolerance: check.tolerance };
    try {
      if (!device) throw new Error('no GPU device');
      const maxError = await check.run(device);
      cases.push({
        ...base,
        maxError,
        passed: maxError <= check.tolerance,
        milliseconds: performance.now() - started,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      cases.push({
        ...base,
        maxError: Infinity,
        passed: false,
        milliseconds: performance.now() - started,
        error: message,
      });
    }
  }
  return { adapter, passed: cases.every((c) => c.passed), cases };
}
