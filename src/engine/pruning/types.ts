import type { EpochMetrics } from '../models/fit';
import type { PruneEvent } from './masking';
import type { InferenceReport, MaskGrid, SizeReport } from './reports';
import type { PruningSettings } from './settings';
import type { TfjsModelFiles } from '../models/tfjs-format';

/** What the /pruning lab reports: its progress events and its result (run.ts makes them). */

/** The masks at one pruning step, coarse enough to send every time. */
export interface MaskSnapshot {
  step: number;
  /** One grid per layer. */
  grids: MaskGrid[];
  /**
   * Share of each input pixel's weights kept in the first layer: [784] for the MLP; null for the
   * CNN (its first layer sees 3 x 3 patches, not pixels).
   */
  inputKeep: Float32Array | null;
}

export type PruningProgress =
  | {
      type: 'data';
      rows: { train: number; validation: number; test: number };
      stepsPerEpoch: number;
      pruningSteps: number;
    }
  | { type: 'phase'; phase: 'dense' | 'pruning' | 'sweep' | 'reports' }
  | { type: 'batch'; phase: string; epoch: number; batch: number; batches: number }
  | { type: 'epochs'; phase: 'dense' | 'pruning'; metrics: (EpochMetrics & { sparsity: number })[] }
  | { type: 'prune'; event: PruneEvent; snapshot: MaskSnapshot | null }
  | { type: 'sweep'; point: SweepPoint };

/** The dense model pruned one-shot at one sparsity, before and after fine-tuning. */
export interface SweepPoint {
  target: number;
  /** Sparsity reached over the pruned layers (over all kernels when every layer is pruned). */
  achieved: number;
  oneShot: number;
  fineTuned: number | null;
}

export interface PruningResult {
  settings: PruningSettings;
  backend: string;
  /** Optimizer steps in the pruning phase, and the schedule's sparsity at each. */
  schedule: { step: number; sparsity: number }[];
  events: PruneEvent[];
  snapshots: MaskSnapshot[];
  dense: { accuracy: number; history: EpochMetrics[] };
  pruned: {
    accuracy: number;
    history: (EpochMetrics & { sparsity: number })[];
    /** Whether each layer was pruned (the `layers` setting); the others keep every weight. */
    layers: boolean[];
    perLayer: number[];
    /** Zeros / weights over all kernels. */
    overall: number;
    /** Zeros / weights over the pruned layers' kernels: what the target sparsity applies to. */
    overPruned: number;
  };
  sweep: SweepPoint[];
  sizes: SizeReport[];
  inference: InferenceReport;
  /** The pruned network (its zeros stored) in the TensorFlow.js format. */
  model: TfjsModelFiles;
  /** Whether the masks were applied by our WGSL kernel or by a tfjs product. */
  maskKernel: 'wgsl' | 'tfjs';
  seconds: number;
}
