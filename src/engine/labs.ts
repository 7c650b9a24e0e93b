import type { LabRun } from './lab';
import { runTrain, type TrainProgress, type TrainResult } from './train/run';
import { trainKernels } from './train/settings';

/** Progress and result types of every lab, by name: the worker protocol and the CLI use this. */
export interface LabTypes {
  train: { progress: TrainProgress; result: TrainResult };
}

export type LabName = keyof LabTypes;

/** Each lab's entry point. Imports tfjs: only workers and Node load this module. */
export const labRunners: {
  [L in LabName]: LabRun<LabTypes[L]['progress'], LabTypes[L]['result']>;
} = {
  train: runTrain,
};

/** tfjs kernels a config needs beyond the basics, so a worker can pick a backend that has them. */
export const labKernels: { [L in LabName]: (config: Record<string, unknown>) => string[] } = {
  train: trainKernels,
};
