import type { Parsed, Schema } from './settings/schema';
import { dimensionalitySchema, parseDimensionalitySettings } from './dimensionality/settings';
import { distillationSchema, parseDistillationSettings } from './distillation/settings';
import { parseReductionSettings, reductionSchema } from './reduction/settings';
import { parseTrainSettings, trainSchema } from './train/settings';
import { parseTuningSettings, tuningSchema } from './tuning/settings';
import { automlSchema, parseAutomlSettings } from './automl/settings';
import { parseQuantizationSettings, quantizationSchema } from './quantization/settings';
import { parsePruningSettings, pruningSchema } from './pruning/settings';
import { nasSchema, parseNasSettings } from './nas/settings';
import { distributedSchema, parseDistributedSettings } from './distributed/settings';
import { parsePipelineSettings, pipelineSchema } from './pipeline/settings';

/** Each lab's settings schema and parser. No tfjs here: the page, CLI and worker all import it. */
export const labSettings = {
  train: { title: 'Train a network', schema: trainSchema, parse: parseTrainSettings },
  dimensionality: {
    title: 'The curse of dimensionality',
    schema: dimensionalitySchema,
    parse: parseDimensionalitySettings,
  },
  reduction: {
    title: 'Dimensionality reduction',
    schema: reductionSchema,
    parse: parseReductionSettings,
  },
  tuning: {
    title: 'Hyperparameter tuning',
    schema: tuningSchema,
    parse: parseTuningSettings,
  },
  automl: {
    title: 'AutoML pipeline',
    schema: automlSchema,
    parse: parseAutomlSettings,
  },
  distillation: {
    title: 'Knowledge distillation',
    schema: distillationSchema,
    parse: parseDistillationSettings,
  },
  quantization: {
    title: 'Quantization',
    schema: quantizationSchema,
    parse: parseQuantizationSettings,
  },
  pruning: {
    title: 'Pruning',
    schema: pruningSchema,
    parse: parsePruningSettings,
  },
  nas: {
    title: 'Neural architecture search',
    schema: nasSchema,
    parse: parseNasSettings,
  },
  distributed: {
    title: 'Distributed training',
    schema: distributedSchema,
    parse: parseDistributedSettings,
  },
  pipeline: {
    title: 'Input pipelines',
    schema: pipelineSchema,
    parse: (input: Record<string, unknown>) => parsePipelineSettings(input),
  },
} satisfies Record<
  string,
  { title: string; schema: Schema; parse: (input: Record<string, unknown>) => Parsed<unknown> }
>;
