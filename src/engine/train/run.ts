import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { throwIfAborted } from '../abort';
import { datasetCards } from '../data/catalog';
import { splitIndices, takeRows } from '../data/split';
import { applyStandardizer, fitStandardizer } from '../data/standardize';
import type { Subset } from '../data/types';
import { argmaxRows, confusionMatrix } from '../metrics';
import { buildModel, type ModelSpec } from '../models/build';
import {
  disposeData,
  evaluate,
  fit,
  toTensors,
  type EpochMetrics,
  type TensorData,
} from '../models/fit';
import type { LabContext } from '../lab';
import { createRng } from '../rng';
import { parseTrainSettings, type TrainSettings } from './settings';
import { predictSurface, surfaceGrid, type Surface } from './surface';
import { validOrThrow } from '../settings/schema';
import { saveTfjsModel, type TfjsModelFiles } from '../models/tfjs-format';
import { importedModelFiles, loadImportedModel } from './imported-model';

/** Up to this many points are sent to the page for the 2-D scatter. */
const MAX_POINTS = 2000;
/** Test images shown with their predictions, for image datasets. */
const MAX_EXAMPLES = 24;
/** Progress is batched: at most one message per this many milliseconds. */
const PROGRESS_INTERVAL_MS = 120;

/** 2-D points in model coordinates: xy [n, 2], with each point's target and split. */
export interface ScatterPoints {
  xy: Float32Array;
  target: Int32Array | Float32Array;
  /** 0 = train, 1 = validation, 2 = test. */
  split: Uint8Array;
}

/** Test images: pixels [count, h * w * c] in [0, 1], with true and predicted classes [count]. */
export interface ImageExamples {
  shape: [number, number, number];
  pixels: Float32Array;
  truth: Int32Array;
  predicted: Int32Array;
}

export type TrainProgress =
  | {
      type: 'data';
      rows: { train: number; validation: number; test: number };
      task: 'classification' | 'regression';
      classes: string[];
      points: ScatterPoints | null;
      parameters: number;
    }
  | { type: 'batch'; epoch: number; batch: number; batches: number }
  | { type: 'epochs'; metrics: EpochMetrics[]; surface: Surface | null };

export interface TrainResult {
  settings: TrainSettings;
  backend: string;
  task: 'classification' | 'regression';
  classes: string[];
  parameters: number;
  history: EpochMetrics[];
  bestEpoch: number;
  stoppedEarly: boolean;
  /** Test-set data loss and score (accuracy or R^2). */
  test: { loss: number; score: number; rows: number };
  /** Test-set confusion matrix (rows truth, columns prediction); null for regression. */
  confusion: number[][] | null;
  /** The first test images with predictions; null unless the data are images. */
  examples: ImageExamples | null;
  seconds: number;
  /** The trained (or evaluated) model in the TensorFlow.js format, to download and load back. */
  model: TfjsModelFiles;
  /** True when the run evaluated a saved model the user chose instead of training one. */
  imported: boolean;
}

/**
 * The /train lab's one entry point (page worker and CLI alike): load and split the data, build the
 * model, train it with live progress, and score it on the held-out test rows. With a saved model
 * among the files (imported-model.ts) it evaluates that model on the same rows instead.
 * Throws an Error naming the setting when the config is invalid.
 */
export async function runTrain(
  config: Record<string, unknown>,
  context: LabContext<TrainProgress>,
): Promise<TrainResult> {
  const settings = validOrThrow(parseTrainSettings(config));
  const started = performance.now();
  const { signal, onProgress } = context;
  const card = datasetCards[settings.dataset];
  const rng = createRng(settings.seed);
  const dataset = await context.data.load(settings.dataset, {
    samples: settings.samples,
    noise: settings.noise,
    seed: rng.seed(),
  });
  throwIfAborted(signal);
  const split = splitIndices(
    dataset,
    { validation: settings.validationFraction, test: settings.testFraction },
    rng,
  );
  const parts = {
    train: takeRows(dataset, split.train),
    validation: takeRows(dataset, split.validation),
    test: takeRows(dataset, split.test),
  };
  if (settings.standardize && !card.shape) {
    const scaler = fitStandardizer(parts.train.x, parts.train.rows, dataset.features);
    for (const part of Object.values(parts)) part.x = applyStandardizer(part.x, scaler);
  }
  const classes = dataset.task === 'classification' ? dataset.classes.length : 1;
  const spec: ModelSpec =
    settings.model === 'cnn' && dataset.shape
      ? {
          kind: 'cnn',
          shape: dataset.shape,
          filters: settings.filters,
          hidden: settings.hiddenLayers,
          activation: settings.activation,
          initializer: settings.initializer,
          outputs: classes,
          dropout: settings.dropout,
          seed: rng.seed(),
        }
      : {
          kind: 'mlp',
          inputs: dataset.features,
          hidden: settings.hiddenLayers,
          activation: settings.activation,
          initializer: settings.initializer,
          outputs: classes,
          dropout: settings.dropout,
          seed: rng.seed(),
        };
  const saved = importedModelFiles(context.files);
  const { model, inputShape } = saved
    ? await loadImportedModel(
        saved,
        dataset.shape ? [[dataset.features], dataset.shape] : [[dataset.features]],
        classes,
      )
    : {
        model: buildModel(spec),
        inputShape: spec.kind === 'cnn' ? spec.shape : [dataset.features],
      };
  const tensors: Partial<Record<keyof typeof parts, TensorData>> = {};
  const grid = dataset.features === 2 ? surfaceGrid(parts.train) : null;
  try {
    await onProgress?.({
      type: 'data',
      rows: { train: parts.train.rows, validation: parts.validation.rows, test: parts.test.rows },
      task: dataset.task,
      classes: dataset.classes,
      points: dataset.features === 2 ? scatterPoints(parts) : null,
      parameters: model.countParams(),
    });
    for (const key of ['train', 'validation', 'test'] as const) {
      tensors[key] = toTensors(parts[key], inputShape, dataset.task, classes);
    }
    let pending: EpochMetrics[] = [];
    let lastSent = 0;
    const flush = async (force: boolean) => {
      if (!onProgress || (!force && performance.now() - lastSent < PROGRESS_INTERVAL_MS)) return;
      const surface = grid ? await predictSurface(model, grid, dataset.task) : null;
      const metrics = pending;
      pending = [];
      await onProgress({ type: 'epochs', metrics, surface });
      lastSent = performance.now();
    };
    const fitted = saved
      ? { history: [], bestEpoch: 0, stoppedEarly: false }
      : await fit(model, tensors.train!, tensors.validation!, {
          task: dataset.task,
          optimizer: settings.optimizer,
          learningRate: settings.learningRate,
          batchSize: settings.batchSize,
          epochs: settings.epochs,
          l2: settings.l2,
          patience: settings.patience,
          restoreBest: true,
          rng,
          signal,
          onBatch: (epoch, batch, batches) =>
            void onProgress?.({ type: 'batch', epoch, batch, batches }),
          onEpochEnd: async (metrics) => {
            pending.push(metrics);
            await flush(false);
          },
        });
    await flush(true);
    const test = await evaluate(model, tensors.test!, dataset.task);
    const predicted =
      dataset.task === 'classification'
        ? await predictClasses(model, tensors.test!, classes)
        : null;
    return {
      settings,
      backend: tf.getBackend(),
      task: dataset.task,
      classes: dataset.classes,
      parameters: model.countParams(),
      history: fitted.history,
      bestEpoch: fitted.bestEpoch,
      stoppedEarly: fitted.stoppedEarly,
      test: { ...test, rows: parts.test.rows },
      confusion: predicted ? confusionMatrix(parts.test.y, predicted, classes) : null,
      examples:
        predicted && dataset.shape ? imageExamples(parts.test, predicted, dataset.shape) : null,
      seconds: (performance.now() - started) / 1000,
      model: saved ?? (await saveTfjsModel(model, { lab: 'train', settings })),
      imported: saved !== null,
    };
  } finally {
    for (const data of Object.values(tensors)) disposeData(data);
    grid?.points.dispose();
    model.dispose();
  }
}

/** The predicted class of every row: [rows]. */
async function predictClasses(
  model: tfl.LayersModel,
  data: TensorData,
  classes: number,
): Promise<Int32Array> {
  const output = model.predict(data.x) as tf.Tensor;
  const values = (await output.data()) as Float32Array;
  output.dispose();
  return argmaxRows(values, classes);
}

/** The first test images with their true and predicted classes, for the page to show. */
function imageExamples(
  test: Subset,
  predicted: Int32Array,
  shape: [number, number, number],
): ImageExamples {
  const count = Math.min(MAX_EXAMPLES, test.rows);
  const size = shape[0] * shape[1] * shape[2];
  return {
    shape,
    pixels: test.x.slice(0, count * size),
    truth: Int32Array.from(test.y.subarray(0, count)),
    predicted: predicted.slice(0, count),
  };
}

function scatterPoints(parts: Record<'train' | 'validation' | 'test', Subset>): ScatterPoints {
  const order = [parts.train, parts.validation, parts.test];
  const total = Math.min(
    MAX_POINTS,
    order.reduce((n, p) => n + p.rows, 0),
  );
  const xy = new Float32Array(total * 2);
  const target =
    parts.train.y instanceof Int32Array ? new Int32Array(total) : new Float32Array(total);
  const split = new Uint8Array(total);
  let k = 0;
  order.forEach((part, s) => {
    for (let i = 0; i < part.rows && k < total; i++, k++) {
      xy[2 * k] = part.x[2 * i];
      xy[2 * k + 1] = part.x[2 * i + 1];
      target[k] = part.y[i];
      split[k] = s;
    }
  });
  return { xy, target, split };
}
