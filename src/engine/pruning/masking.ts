import * as tf from '@tensorflow/tfjs-core';
import type { DenseArrays, LayerTensors } from '../quantization/forward';
import { selectedMasks, sparsitySummary, type MaskStructure } from './masks';
import { sparsityAt, type PruningSchedule } from './schedule';

/** Sets weights <- weights * mask in place (our WGSL kernel on WebGPU, else a tfjs product). */
export type ApplyMask = (weights: tf.Variable, mask: tf.Tensor) => void;

const applyMaskTfjs: ApplyMask = (weights, mask) => {
  const masked = tf.mul(weights, mask);
  weights.assign(masked);
  masked.dispose();
};

/**
 * What happened at one pruning step: the schedule's sparsity and what the masks achieved, per
 * layer, over all kernels and over the pruned layers' kernels only.
 */
export interface PruneEvent {
  step: number;
  target: number;
  perLayer: number[];
  overall: number;
  overPruned: number;
}

/** A kernel as masks.ts sees it: [inputs, units], a conv kernel [3, 3, C, O] as [9 C, O]. */
export const maskShape = (kernel: tf.Tensor): [number, number] => {
  const units = kernel.shape.at(-1)!;
  return [kernel.size / units, units];
};

/** The same for a layer's arrays: [inputs, units] (a conv layer's inputs are 9 C). */
export const maskShapeOf = (layer: DenseArrays): [number, number] => [layer.inputs, layer.units];

/**
 * Magnitude pruning of a network's kernels during training, as TF MOT's prune_low_magnitude (dense
 * kernels, and conv kernels as their [9 C, O] matrices, so blocks and n:m groups run along the
 * (dy, dx, c) inputs of one filter; masks take the kernel's own shape when applied): at each
 * step the schedule marks, the masks are recomputed from the current |W| at the schedule's
 * sparsity (per layer or with one global threshold); after every optimizer step, from the first
 * pruning step on, W <- W * mask, so a pruned weight stays zero whatever the optimizer's momentum.
 * Layers that `pruned` marks false (all are pruned when it is absent) keep every weight.
 */
export class MaskedTraining {
  /** Current masks as float tensors of each kernel's shape (null before the first pruning). */
  masks: tf.Tensor[] | null = null;
  /** The same masks on the CPU. */
  maskValues: Uint8Array[] | null = null;
  readonly events: PruneEvent[] = [];

  constructor(
    private readonly layers: LayerTensors[],
    private readonly schedule: PruningSchedule,
    private readonly structure: MaskStructure,
    private readonly global: boolean,
    private readonly apply: ApplyMask = applyMaskTfjs,
    private readonly pruned?: readonly boolean[],
  ) {}

  /** After optimizer step `step` (0-based): recompute the masks if scheduled, then apply them. */
  async afterStep(step: number): Promise<PruneEvent | null> {
    const { shouldPrune, sparsity } = sparsityAt(this.schedule, step);
    let event: PruneEvent | null = null;
    if (shouldPrune) {
      const weights = await Promise.all(
        this.layers.map(async ({ kernel }) => ({
          weights: (await kernel.data()) as Float32Array,
          shape: maskShape(kernel),
        })),
      );
      this.setMasks(selectedMasks(weights, sparsity, this.structure, this.global, this.pruned));
      const summary = sparsitySummary(this.maskValues!, this.pruned);
      event = { step, target: sparsity, ...summary };
      this.events.push(event);
    }
    this.applyMasks();
    return event;
  }

  /** Replaces the masks (e.g. one-shot masks of a sweep). */
  setMasks(values: Uint8Array[]): void {
    tf.dispose(this.masks ?? []);
    this.maskValues = values;
    this.masks = values.map((mask, l) =>
      tf.tensor(Float32Array.from(mask), this.layers[l].kernel.shape),
    );
  }

  /** W <- W * mask for every pruned kernel (nothing before the first pruning). */
  applyMasks(): void {
    this.masks?.forEach((mask, l) => {
      if (this.pruned?.[l] ?? true) this.apply(this.layers[l].kernel as tf.Variable, mask);
    });
  }

  dispose(): void {
    tf.dispose(this.masks ?? []);
    this.masks = null;
  }
}
