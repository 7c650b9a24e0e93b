import { createYielder } from '../abort';
import { splitIndices } from '../data/split';
import type { LabContext } from '../lab';
import { createRng } from '../rng';
import { dense, rowSlice, keepColumns, type Dense } from './dense';
import { fitLda, predictLda } from './lda';
import { fitReduction, type FittedReduction } from './methods';
import { loadReductionData } from './data';
import { csrRows } from './sparse';
import {
  parseReductionSettings,
  supervised,
  reductionMethods,
  type ReductionMethod,
  type ReductionSettings,
} from './settings';
import { validOrThrow } from '../settings/schema';

export type ReductionProgress = { type: 'stage'; stage: string };

/** Projections drawn on the page: scores of every row [rows, dims] (dims <= 3). */
export interface Projection {
  method: ReductionMethod;
  dims: number;
  values: Float32Array;
}

export interface ReductionResult {
  settings: ReductionSettings;
  rows: number;
  features: number;
  labels: Int32Array | null;
  classes: string[];
  /** Image shape for image data: components and reconstructions draw as images. */
  shape: [number, number, number] | null;
  /** The chosen method's projection (first three components) of all rows. */
  projection: Projection;
  components: number;
  explainedVarianceRatio: Float32Array | null;
  /** Up to 16 directions as images or term lists: [count, features]. */
  directions: Float32Array;
  directionCount: number;
  /** Top terms of each direction, for the text corpus. */
  topTerms: string[][] | null;
  /** A few test rows, and their reconstructions from the first k components, k in `levels`. */
  reconstruction: {
    originals: Float32Array;
    levels: number[];
    images: Float32Array[];
    errors: number[];
  } | null;
  /** Test accuracy of a linear (LDA) classifier on the first k components, k in `levels`. */
  downstream: { levels: number[]; accuracy: number[]; allFeatures: number | null } | null;
  /** Two-dimensional projections by every other method that applies. */
  comparison: Projection[];
  /** Original rows shown on hover in the scatter (image data): [rows, features], grey levels 0-255. */
  samples: Uint8Array | null;
  /** Cocktail party: sources, microphones and recovered signals [samples, 3], sample rate. */
  signals: {
    rate: number;
    sources: Float32Array;
    mixed: Float32Array;
    recovered: Float32Array;
  } | null;
  notes: string[];
  /** Wall time of the whole run, and of the chosen method's fit alone. */
  seconds: number;
  fitSeconds: number;
  /** Rows the method was fitted on (the training split when there are labels). */
  fitRows: number;
}

const RECONSTRUCTED_ROWS = 6;
const MAX_DIRECTIONS = 16;

/**
 * The /reduction lab: load the data, split it (80% to fit, 20% to test), fit the chosen method
 * on the training rows, project every row, and report what each view needs.
 */
export async function runReduction(
  config: Record<string, unknown>,
  context: LabContext<ReductionProgress>,
): Promise<ReductionResult> {
  const settings = validOrThrow(parseReductionSettings(config));
  const started = performance.now();
  const pause = createYielder(context.signal);
  const rng = createRng(settings.seed);
  const stage = async (name: string) => {
    await context.onProgress?.({ type: 'stage', stage: name });
    await pause();
  };
  await stage('loading data');
  const data = await loadReductionData(settings, context.data, rng, context.files);
  const { x, labels } = data;
  if (supervised(settings.method) && !labels)
    throw new Error(`${settings.method.toUpperCase()} needs class labels`);
  const split = labels
    ? splitIndices(
        { rows: x.rows, y: labels, task: 'classification', classes: data.classes },
        { validation: 0, test: 0.2 },
        rng,
      )
    : {
        train: Int32Array.from({ length: x.rows }, (_, i) => i),
        test: new Int32Array(0),
        validation: new Int32Array(0),
      };
  const train = selectRows(x, split.train);
  const trainLabels = labels ? Int32Array.from(split.train, (i) => labels[i]) : null;
  const trainSparse = data.sparse ? csrRows(data.sparse, split.train) : null;
  const options = {
    components: settings.components,
    pcaSolver: settings.pcaSolver,
    whiten: settings.whiten,
    icaFunction: settings.icaFunction,
    icaAlgorithm: settings.icaAlgorithm,
    nmfSolver: settings.nmfSolver,
    rng,
    ops: context.ops,
  };
  await stage(`fitting ${settings.method}`);
  const fitStarted = performance.now();
  const fitted = await fitReduction(
    settings.method,
    train,
    trainLabels,
    data.classes.length,
    options,
    trainSparse,
  );
  const fitSeconds = (performance.now() - fitStarted) / 1000;
  const scores = fitted.transform(x);
  const notes = [...data.notes, ...fitted.notes];

  await stage('scoring');
  const test = selectRows(x, split.test);
  const testLabels = labels ? Int32Array.from(split.test, (i) => labels[i]) : null;
  const downstream =
    labels && testLabels && split.test.length > 0
      ? downstreamAccuracy(fitted, train, trainLabels!, test, testLabels, data.classes.length)
      : null;
  const reconstruction =
    data.shape && fitted.reconstruct && split.test.length > 0
      ? reconstructions(fitted, rowSlice(test, 0, Math.min(RECONSTRUCTED_ROWS, test.rows)))
      : null;

  const comparison: Projection[] = [];
  if (settings.compare) {
    for (const method of reductionMethods) {
      if (
        method === settings.method ||
        (supervised(method) && !labels) ||
        (method === 'nmf' && x.data.some((v) => v < 0))
      )
        continue;
      await stage(`comparing: ${method}`);
      try {
        const other = await fitReduction(
          method,
          train,
          trainLabels,
          data.classes.length,
          { ...options, components: 2 },
          trainSparse,
        );
        comparison.push(projection(method, other.transform(x)));
      } catch (error) {
        notes.push(
          `${method} left out of the comparison: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }
  const directionCount = Math.min(MAX_DIRECTIONS, fitted.directions.rows);
  return {
    settings,
    rows: x.rows,
    features: x.cols,
    labels,
    classes: data.classes,
    shape: data.shape,
    projection: projection(settings.method, scores),
    components: fitted.components,
    explainedVarianceRatio: fitted.explainedVarianceRatio
      ? Float32Array.from(fitted.explainedVarianceRatio)
      : null,
    directions: Float32Array.from(fitted.directions.data.subarray(0, directionCount * x.cols)),
    directionCount,
    topTerms: data.vocabulary ? topTerms(fitted.directions, data.vocabulary, directionCount) : null,
    reconstruction,
    downstream,
    comparison,
    samples: data.shape ? greyLevels(x) : null,
    signals: data.signals
      ? { ...data.signals, recovered: Float32Array.from(keepColumns(scores, 3).data) }
      : null,
    notes,
    seconds: (performance.now() - started) / 1000,
    fitSeconds,
    fitRows: train.rows,
  };
}

/** Values rescaled from [min, max] to 0-255 bytes: 1/4 of the floats' size for the page's hover. */
function greyLevels(x: Dense): Uint8Array {
  let min = Infinity;
  let max = -Infinity;
  for (const v of x.data) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const scale = max > min ? 255 / (max - min) : 0;
  return Uint8Array.from(x.data, (v) => Math.round((v - min) * scale));
}

function selectRows(x: Dense, rows: Int32Array): Dense {
  const out = dense(rows.length, x.cols);
  rows.forEach((row, i) =>
    out.data.set(x.data.subarray(row * x.cols, (row + 1) * x.cols), i * x.cols),
  );
  return out;
}

const projection = (method: ReductionMethod, scores: Dense): Projection => {
  const kept = keepColumns(scores, 3);
  return { method, dims: kept.cols, values: Float32Array.from(kept.data) };
};

/** Component counts 1, 2, 3, 5, 10, 20, 50, ... up to `max`. */
function levels(max: number): number[] {
  return [1, 2, 3, 5, 10, 20, 30, 50, 100].filter((k) => k < max).concat(max);
}

function downstreamAccuracy(
  fitted: FittedReduction,
  train: Dense,
  trainLabels: Int32Array,
  test: Dense,
  testLabels: Int32Array,
  classes: number,
) {
  const trainScores = fitted.transform(train);
  const testScores = fitted.transform(test);
  const ks = levels(fitted.components);
  const accuracyOf = (trainX: Dense, testX: Dense) => {
    const predicted = predictLda(fitLda(trainX, trainLabels, classes), testX);
    return predicted.filter((p, i) => p === testLabels[i]).length / testLabels.length;
  };
  const accuracy = ks.map((k) =>
    accuracyOf(keepColumns(trainScores, k), keepColumns(testScores, k)),
  );
  // The same classifier on every raw feature, when that is affordable.
  const allFeatures = train.cols <= 200 ? accuracyOf(train, test) : null;
  return { levels: ks, accuracy, allFeatures };
}

function reconstructions(fitted: FittedReduction, rows: Dense) {
  const ks = fitted.method === 'nmf' ? [fitted.components] : levels(fitted.components);
  const images = ks.map((k) => Float32Array.from(fitted.reconstruct!(rows, k).data));
  const errors = images.map((image) => {
    let sum = 0;
    for (let i = 0; i < image.length; i++) sum += (image[i] - rows.data[i]) ** 2;
    return sum / image.length;
  });
  return { originals: Float32Array.from(rows.data), levels: ks, images, errors };
}

/** The eight terms with the largest weight in each direction. */
function topTerms(directions: Dense, vocabulary: string[], count: number): string[][] {
  return Array.from({ length: count }, (_, c) => {
    const row = directions.data.subarray(c * directions.cols, (c + 1) * directions.cols);
    return Array.from(row.keys())
      .sort((a, b) => row[b] - row[a])
      .slice(0, 8)
      .map((j) => vocabulary[j]);
  });
}
