import { outputBuffer, readBuffer, uploadBuffer } from '../gpu/buffers';
import { dispatch } from '../gpu/dispatch';
import { pipelineCacheFor } from '../gpu/pipeline-cache';
import code from './distill.wgsl?raw';

/** Shapes and settings of one call; `temperature` > 0, `alpha` in [0, 1]. */
export interface DistillParams {
  rows: number;
  classes: number;
  temperature: number;
  alpha: number;
}

/** Byte size of the WGSL `Params` struct: rows u32, classes u32, temperature f32, alpha f32. */
export const DISTILL_PARAMS_BYTES = 16;

export interface DistillBuffers {
  /** Student logits [rows, classes]. */
  student: GPUBuffer;
  /** Teacher logits [rows, classes]. */
  teacher: GPUBuffer;
  /** Target probabilities [rows, classes] (one-hot labels). */
  targets: GPUBuffer;
  /** Written: per-row loss [rows], gradient and softened teacher [rows, classes]. */
  loss: GPUBuffer;
  gradient: GPUBuffer;
  softTeacher: GPUBuffer;
}

const WORKGROUP = 64;

/** Packs the uniform struct exactly as the WGSL declares it. */
export function packDistillParams({
  rows,
  classes,
  temperature,
  alpha,
}: DistillParams): ArrayBuffer {
  const bytes = new ArrayBuffer(DISTILL_PARAMS_BYTES);
  const view = new DataView(bytes);
  view.setUint32(0, rows, true);
  view.setUint32(4, classes, true);
  view.setFloat32(8, temperature, true);
  view.setFloat32(12, alpha, true);
  return bytes;
}

/** Encodes the distillation loss and gradient on the device's queue (buffers on the GPU). */
export function runDistill(
  device: GPUDevice,
  buffers: DistillBuffers,
  params: DistillParams,
): void {
  const pipeline = pipelineCacheFor(device).get('distill', code, [[params.rows, params.classes]], {
    WORKGROUP,
  });
  const uniform = device.createBuffer({
    label: 'distill params',
    size: DISTILL_PARAMS_BYTES,
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
  device.queue.writeBuffer(uniform, 0, packDistillParams(params));
  dispatch(
    device,
    pipeline,
    [
      uniform,
      buffers.student,
      buffers.teacher,
      buffers.targets,
      buffers.loss,
      buffers.gradient,
      buffers.softTeacher,
    ],
    [Math.ceil(params.rows / WORKGROUP)],
    'distill',
  );
  uniform.destroy();
}

/** Uploads the inputs, runs the kernel and reads every output back. */
export async function distillGpu(
  device: GPUDevice,
  student: Float32Array,
  teacher: Float32Array,
  targets: Float32Array,
  params: DistillParams,
): Promise<{ loss: Float32Array; gradient: Float32Array; softTeacher: Float32Array }> {
  const { rows, classes } = params;
  const buffers: DistillBuffers = {
    student: uploadBuffer(device, student, 'student'),
    teacher: uploadBuffer(device, teacher, 'teacher'),
    targets: uploadBuffer(device, targets, 'targets'),
    loss: outputBuffer(device, rows, 'loss'),
    gradient: outputBuffer(device, rows * classes, 'gradient'),
    softTeacher: outputBuffer(device, rows * classes, 'soft teacher'),
  };
  try {
    runDistill(device, buffers, params);
    return {
      loss: await readBuffer(device, buffers.loss, rows),
      gradient: await readBuffer(device, buffers.gradient, rows * classes),
      softTeacher: await readBuffer(device, buffers.softTeacher, rows * classes),
    };
  } finally {
    for (const buffer of Object.values(buffers)) buffer.destroy();
  }
}
