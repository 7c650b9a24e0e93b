import { csrMatmulCpu } from '../engine/pruning/csr';
import { fakeQuant, nudge } from '../engine/quantization/fake-quant';
import { int8Matmul } from '../engine/quantization/int8-matmul';
import { maxRelativeError } from './compare';
import { DISTANCES_TOLERANCE, distancesCases, distancesInputs } from './distances/cases';
import { squaredDistancesGpu } from './distances/distances';
import { squaredDistancesCpu } from './distances/distances-cpu';
import { DISTILL_TOLERANCE, distillCases, distillInputs } from './distill/cases';
import { distillGpu } from './distill/distill';
import { distillCpu } from './distill/distill-cpu';
import {
  FAKE_QUANT_TOLERANCE,
  fakeQuantCases,
  fakeQuantError,
  fakeQuantInputs,
} from './fake-quant/cases';
import { fakeQuantGpu } from './fake-quant/fake-quant';
import { INT8_MATMUL_TOLERANCE, int8MatmulCases, int8MatmulInputs } from './int8-matmul/cases';
import { int8MatmulGpu } from './int8-matmul/int8-matmul';
import { MATMUL_TOLERANCE, matmulCases, matmulInputs } from './matmul/cases';
import { matmulGpu } from './matmul/matmul';
import { matmulCpu } from './matmul/matmul-cpu';
import { applyMaskGpu } from './prune-mask/apply-mask';
import { applyMaskCpu } from './prune-mask/apply-mask-cpu';
import { APPLY_MASK_TOLERANCE, applyMaskCases, applyMaskInputs } from './prune-mask/cases';
import { CSR_MATMUL_TOLERANCE, csrMatmulCases, csrMatmulInputs } from './sparse-matmul/cases';
import { csrMatmulGpu } from './sparse-matmul/csr-matmul';

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
  // Exact: the error is 0 or the check fails. Portable path always; then the default path, which
  // is dot4I8Packed where the adapter's WGSL has packed_4x8_integer_dot_product.
  ...[false, undefined].flatMap((packedDot) =>
    int8MatmulCases.map((c) => ({
      kernel: 'int8-matmul',
      name: `${c.m}x${c.k} @ ${c.k}x${c.n} ${c.fill}, ${packedDot === false ? 'portable' : 'builtin if available'}`,
      tolerance: INT8_MATMUL_TOLERANCE,
      async run(device: GPUDevice) {
        const { a, b } = int8MatmulInputs(c);
        const gpu = await int8MatmulGpu(device, a, b, c.m, c.k, c.n, { packedDot });
        return maxRelativeError(gpu.c, int8Matmul(a, b, c.m, c.k, c.n));
      },
    })),
  ),
  ...csrMatmulCases.map((c) => ({
    kernel: 'sparse-matmul',
    name: `${c.batch}x${c.inputs} @ CSR ${c.inputs}x${c.units} at ${c.sparsity * 100}% zeros`,
    tolerance: CSR_MATMUL_TOLERANCE,
    async run(device: GPUDevice) {
      const { x, wT } = csrMatmulInputs(c);
      const gpu = await csrMatmulGpu(device, x, c.batch, wT);
      return maxRelativeError(gpu, csrMatmulCpu(x, c.batch, wT));
    },
  })),
  ...fakeQuantCases.map((c) => ({
    kernel: 'fake-quant',
    name: `${c.n} values, ${c.bits} bits${c.narrowRange ? ' narrow' : ''} [${c.min}, ${c.max}]`,
    tolerance: FAKE_QUANT_TOLERANCE,
    async run(device: GPUDevice) {
      const x = fakeQuantInputs(c);
      const { output } = await fakeQuantGpu(device, x, c.min, c.max, c.bits, c.narrowRange);
      const cpu = fakeQuant(x, c.min, c.max, c.bits, c.narrowRange);
      return fakeQuantError(x, output, cpu, nudge(c.min, c.max, c.bits, c.narrowRange));
    },
  })),
  ...applyMaskCases.map((c) => ({
    kernel: 'apply-mask',
    name: `${c.n} weights, ${c.sparsity * 100}% pruned, ${c.maskType} mask`,
    tolerance: APPLY_MASK_TOLERANCE,
    async run(device: GPUDevice) {
      const { weights, mask } = applyMaskInputs(c);
      return maxRelativeError(
        await applyMaskGpu(device, weights, mask),
        applyMaskCpu(weights, mask),
      );
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
