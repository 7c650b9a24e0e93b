import {
  runDimensionality,
  type DimensionalityProgress,
  type DimensionalityResult,
} from './dimensionality/run';
import {
  runDistillation,
  type DistillationProgress,
  type DistillationResult,
} from './distillation/run';
import { distillationKernels } from './distillation/settings';
import type { LabContext, LabRun } from './lab';
import { runReduction, type ReductionProgress, type ReductionResult } from './reduction/run';
import { runTrain, type TrainProgress, type TrainResult } from './train/run';
import { runAutoml, type AutomlProgress, type AutomlResult } from './automl/run';
import { trainKernels } from './train/settings';
import {
  runTuning,
  runTuningAnalysis,
  runTuningSuggest,
  type TuningAnalysis,
  type TuningProgress,
  type TuningResult,
} from './tuning/run';
import type { Params } from './tuning/space';
import {
  runQuantization,
  type QuantizationProgress,
  type QuantizationResult,
} from './quantization/run';
import { runPruning } from './pruning/run';
import type { PruningProgress, PruningResult } from './pruning/types';
import { runNas, type NasProgress, type NasResult } from './nas/run';
import type { DistributedProgress } from './distributed/progress';
import { runDistributed, type DistributedResult } from './distributed/run';
import { runPipeline, type PipelineProgress, type PipelineResult } from './pipeline/run';
import { pruningKernels } from './pruning/settings';
import { quantizationKernels } from './quantization/settings';

/** Progress and result types of every lab, by name: the worker protocol and the CLI use this. */
export interface LabTypes {
  train: { progress: TrainProgress; result: TrainResult };
  distillation: { progress: DistillationProgress; result: DistillationResult };
  dimensionality: { progress: DimensionalityProgress; result: DimensionalityResult };
  reduction: { progress: ReductionProgress; result: ReductionResult };
  tuning: { progress: TuningProgress; result: TuningResult };
  automl: { progress: AutomlProgress; result: AutomlResult };
  quantization: { progress: QuantizationProgress; result: QuantizationResult };
  pruning: { progress: PruningProgress; result: PruningResult };
  nas: { progress: NasProgress; result: NasResult };
  distributed: { progress: DistributedProgress; result: DistributedResult };
  pipeline: { progress: PipelineProgress; result: PipelineResult };
  /** The page's /tuning coordinator asks a worker for Bayesian optimization's next point… */
  'tuning-suggest': { progress: never; result: Params };
  /** …and for the importance and GP posterior of finished trials. */
  'tuning-analysis': { progress: never; result: TuningAnalysis };
}

export type LabName = keyof LabTypes;

/** Each lab's entry point. Imports tfjs: only workers and Node load this module. */
export const labRunners: {
  [L in LabName]: LabRun<LabTypes[L]['progress'], LabTypes[L]['result']>;
} = {
  train: runTrain,
  distillation: runDistillation,
  dimensionality: runDimensionality,
  reduction: runReduction,
  tuning: runTuning,
  automl: runAutoml,
  quantization: runQuantization,
  pruning: runPruning,
  nas: runNas,
  distributed: runDistributed,
  pipeline: runPipeline,
  'tuning-suggest': runTuningSuggest,
  'tuning-analysis': runTuningAnalysis,
};

/** tfjs kernels a config needs beyond the basics, so a worker can pick a backend that has them. */
export const labKernels: { [L in LabName]: (config: Record<string, unknown>) => string[] } = {
  train: trainKernels,
  distillation: distillationKernels,
  dimensionality: () => [],
  reduction: () => [],
  tuning: trainKernels,
  automl: () => [],
  quantization: quantizationKernels,
  pruning: pruningKernels,
  nas: () => [],
  distributed: () => [],
  pipeline: () => [],
  'tuning-suggest': () => [],
  'tuning-analysis': () => [],
};

/** Runs a lab's entry point by name, typed by the lab. */
export function runLab<L extends LabName>(
  lab: L,
  config: Record<string, unknown>,
  context: LabContext<LabTypes[L]['progress']>,
): Promise<LabTypes[L]['result']> {
  const run = labRunners[lab] as LabRun<LabTypes[L]['progress'], LabTypes[L]['result']>;
  return run(config, context);
}
