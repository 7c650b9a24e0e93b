import * as tf from '@tensorflow/tfjs-core';
import type { DatasetLoader } from '../data/load';
import { textFile, type LabContext } from '../lab';
import { accuracy, confusionMatrix, macroF1, regressionMetrics, rocAuc } from '../metrics';
import { buildModel } from '../models/build';
import { disposeData, fit, toTensors } from '../models/fit';
import { createRng, permutation } from '../rng';
import { runSearch, type Trial } from '../tuning/search';
import type { Params } from '../tuning/space';
import {
  fitFeatures,
  selectColumns,
  transformFeatures,
  univariateScores,
  type FeaturePlan,
  type FittedFeatures,
} from './features';
import { modelSpace, parseAutomlSettings, type AutomlSettings } from './settings';
import { parseTable, type Table } from './table';
import { validateTable, type ValidationReport } from './validate';
import { validOrThrow } from '../settings/schema';

export type AutomlProgress = { type: 'stage'; stage: string } | { type: 'trials'; trials: Trial[] };

/** Held-out metrics of a model, and of the trivial baseline (majority class, or the mean). */
export interface TestMetrics {
  accuracy?: number;
  macroF1?: number;
  rocAuc?: number;
  confusion?: number[][];
  rmse?: number;
  mae?: number;
  r2?: number;
}

export interface AutomlResult {
  settings: AutomlSettings;
  validation: ValidationReport;
  dropped: string[];
  features: FittedFeatures;
  /** Feature selection: the inputs kept (all when off), with every input's score. */
  selection: { kept: string[]; scores: { name: string; score: number }[] } | null;
  rows: { train: number; validation: number; test: number; droppedForMissingTarget: number };
  classes: string[];
  trials: Trial[];
  best: { trial: number; params: Params; validationScore: number } | null;
  test: TestMetrics;
  baseline: TestMetrics;
  /** The winning pipeline, to keep or reload: its settings, feature steps and model. */
  pipeline: Record<string, unknown>;
  /** Test rows: row number in the file, truth, prediction (and P(positive) when binary). */
  predictionsCsv: string;
  seconds: number;
}

/** A built-in table as typed columns: the features, then the class as the last column. */
async function builtinTable(name: string, loader: DatasetLoader): Promise<Table> {
  const data = await loader.load(name as 'wine', { samples: 1_000_000, noise: 0, seed: 1 });
  const columns: Table['columns'] = data.featureNames.map((featureName, j) => ({
    name: featureName,
    kind: 'numeric',
    values: Float64Array.from({ length: data.rows }, (_, i) => data.x[i * data.features + j]),
  }));
  columns.push({
    name: 'class',
    kind: 'categorical',
    values: Array.from(data.y, (k) => data.classes[k]),
  });
  return { rows: data.rows, columns, delimiter: ',' };
}

/**
 * The AutoML pipeline end to end, each stage reported: ingest (a built-in table or the user's
 * CSV), validate (schema, statistics, anomalies), engineer features (learned on training rows),
 * search models (the /tuning strategies over linear and MLP models, scored by validation
 * accuracy or R^2), and score the winner on held-out test rows against a trivial baseline.
 * Split 60/20/20, seeded; rows without a target are left out and counted.
 */
export async function runAutoml(
  config: Record<string, unknown>,
  context: LabContext<AutomlProgress>,
): Promise<AutomlResult> {
  const settings = validOrThrow(parseAutomlSettings(config));
  const started = performance.now();
  const stage = (name: string) => context.onProgress?.({ type: 'stage', stage: name });

  await stage('ingesting');
  let table: Table;
  if (settings.dataset === 'csv') {
    const csv = textFile(context.files, 'csv');
    if (csv === undefined) throw new Error('no CSV file chosen: pick one with the file chooser');
    table = parseTable(csv);
  } else table = await builtinTable(settings.dataset, context.data);
  const index = settings.targetIndex < 0 ? table.columns.length - 1 : settings.targetIndex;
  const targetColumn = table.columns[index];
  if (!targetColumn)
    throw new Error(`there is no column ${index}: the table has ${table.columns.length} columns`);

  await stage('validating');
  const validation = validateTable(table, targetColumn.name);
  const task = validation.task;
  const dropped = settings.dropFlagged
    ? [
        ...new Set(
          validation.anomalies
            .filter((a) => ['constant', 'all-missing', 'leakage'].includes(a.kind))
            .map((a) => a.column)
            .filter((c) => c !== targetColumn.name),
        ),
      ]
    : [];

  // Targets: classes by name (sorted), or numbers; rows without one are left out.
  const labelled = Array.from({ length: table.rows }, (_, i) => i).filter((i) =>
    targetColumn.kind === 'numeric'
      ? !Number.isNaN(targetColumn.values[i])
      : targetColumn.values[i] !== null,
  );
  const raw = labelled.map((i) => String(targetColumn.values[i]));
  const classes = task === 'classification' ? [...new Set(raw)].sort() : [];
  if (task === 'classification' && classes.length < 2)
    throw new Error(`the target "${targetColumn.name}" has a single class: nothing to learn`);
  const rng = createRng(settings.seed);
  const order = permutation(labelled.length, rng);
  const shuffled = Array.from(order, (k) => labelled[k]);
  const [a, b] = [Math.round(shuffled.length * 0.6), Math.round(shuffled.length * 0.8)];
  const split = {
    train: shuffled.slice(0, a),
    validation: shuffled.slice(a, b),
    test: shuffled.slice(b),
  };
  if (split.train.length < 2 || split.validation.length < 1 || split.test.length < 1)
    throw new Error(
      `${labelled.length} labelled rows are too few to split into train, validation and test`,
    );

  await stage('engineering features');
  const plan: FeaturePlan = {
    impute: settings.impute,
    standardize: settings.standardize,
    maxCategories: settings.maxCategories,
    drop: dropped,
  };
  const features = fitFeatures(table, targetColumn.name, split.train, plan);
  if (features.names.length === 0) throw new Error('no usable feature columns are left');
  const encodedWidth = features.names.length;
  const target = (rows: number[]) =>
    task === 'classification'
      ? Int32Array.from(rows, (i) => classes.indexOf(String(targetColumn.values[i])))
      : Float32Array.from(rows, (i) => Number(targetColumn.values[i]));
  // Regression trains on a standardized target; predictions are mapped back.
  const trainY = Array.from(target(split.train));
  const yMean = task === 'regression' ? trainY.reduce((s, v) => s + v, 0) / trainY.length : 0;
  const yStd =
    task === 'regression'
      ? Math.sqrt(trainY.reduce((s, v) => s + (v - yMean) ** 2, 0) / trainY.length) || 1
      : 1;
  // Optional feature selection, scored on the training rows only.
  let keep = Array.from({ length: encodedWidth }, (_, j) => j);
  let selection: AutomlResult['selection'] = null;
  if (settings.selectFeatures > 0 && settings.selectFeatures < encodedWidth) {
    const trainX = transformFeatures(features, table, split.train);
    const scores = univariateScores(
      trainX,
      split.train.length,
      encodedWidth,
      trainY,
      task === 'classification' ? classes.length : 0,
    );
    keep = keep
      .sort((a, b) => scores[b] - scores[a] || a - b)
      .slice(0, settings.selectFeatures)
      .sort((a, b) => a - b);
    selection = {
      kept: keep.map((j) => features.names[j]),
      scores: features.names.map((name, j) => ({ name, score: scores[j] })),
    };
  }
  const width = keep.length;
  const subset = (rows: number[]) => {
    const y = target(rows);
    const x = transformFeatures(features, table, rows);
    return {
      x: width === encodedWidth ? x : selectColumns(x, rows.length, encodedWidth, keep),
      y: task === 'regression' ? Float32Array.from(y, (v) => (v - yMean) / yStd) : y,
      rows: rows.length,
    };
  };
  const outputs = task === 'classification' ? classes.length : 1;
  const data = {
    train: toTensors(subset(split.train), [width], task, outputs),
    validation: toTensors(subset(split.validation), [width], task, outputs),
    test: toTensors(subset(split.test), [width], task, outputs),
  };
  const train = async (params: Params, signal?: AbortSignal, report?: (s: number) => void) => {
    const model = buildModel({
      kind: 'mlp',
      inputs: width,
      hidden:
        params.family === 'linear'
          ? []
          : Array.from({ length: Number(params.layers) }, () => Number(params.units)),
      activation: 'relu',
      outputs,
      dropout: 0,
      seed: settings.seed,
      initializer: 'heNormal',
    });
    await fit(model, data.train, data.validation, {
      task,
      optimizer: 'adam',
      learningRate: Number(params.learningRate),
      batchSize: 32,
      epochs: settings.epochs,
      l2: Number(params.l2),
      patience: 0,
      rng: createRng(settings.seed),
      signal,
      onEpochEnd: (m) => report?.(m.validationScore),
    });
    return model;
  };

  try {
    await stage('searching models');
    const trials = await runSearch(
      {
        space: modelSpace,
        strategy: settings.strategy,
        budget: { kind: 'trials', amount: settings.trials },
        maxEpochs: settings.epochs,
        eta: 3,
        parallel: 1,
        prune: false,
        initialTrials: Math.min(5, settings.trials),
        seed: settings.seed,
        ...(settings.timeLimit > 0 ? { timeLimitSeconds: settings.timeLimit } : {}),
      },
      {
        evaluate: async (params, _epochs, report, signal) => {
          (await train(params, signal, report)).dispose();
        },
        signal: context.signal,
        onUpdate: (snapshot) => void context.onProgress?.({ type: 'trials', trials: snapshot }),
      },
    );
    const finished = trials.filter((t) => t.status === 'finished' && t.score !== null);
    const winner = finished.reduce<Trial | null>(
      (w, t) => (!w || t.score! > w.score! ? t : w),
      null,
    );
    if (!winner) throw new Error('every model failed to train');

    await stage('testing the winner');
    const model = await train(winner.params, context.signal);
    const output = tf.tidy(() => model.predict(data.test.x) as tf.Tensor2D);
    const values = await output.data();
    output.dispose();
    model.dispose();
    const truth = target(split.test);
    let test: TestMetrics;
    let baseline: TestMetrics;
    let predictions: string[];
    if (task === 'classification') {
      const k = classes.length;
      const probabilities = softmaxRows(values, k);
      const predicted = Int32Array.from({ length: truth.length }, (_, r) =>
        argmax(probabilities, r, k),
      );
      const counts = classes.map((_, c) => trainY.filter((v) => v === c).length);
      const majority = counts.indexOf(Math.max(...counts));
      const constant = new Int32Array(truth.length).fill(majority);
      test = {
        accuracy: accuracy(truth, predicted),
        macroF1: macroF1(truth, predicted, k),
        confusion: confusionMatrix(truth, predicted, k),
        ...(k === 2
          ? {
              rocAuc: rocAuc(
                truth,
                Array.from(truth, (_, r) => probabilities[r * 2 + 1]),
              ),
            }
          : {}),
      };
      baseline = {
        accuracy: accuracy(truth, constant),
        macroF1: macroF1(truth, constant, k),
        ...(k === 2 ? { rocAuc: 0.5 } : {}),
      };
      predictions = Array.from(truth, (t, r) =>
        [
          split.test[r] + 1,
          csvCell(classes[t]),
          csvCell(classes[predicted[r]]),
          ...(k === 2 ? [probabilities[r * 2 + 1].toFixed(4)] : []),
        ].join(','),
      );
      predictions.unshift(
        ['row', 'truth', 'prediction', ...(k === 2 ? [`p(${csvCell(classes[1])})`] : [])].join(','),
      );
    } else {
      const predicted = Array.from(values, (v) => v * yStd + yMean);
      test = regressionMetrics(truth, predicted);
      baseline = regressionMetrics(truth, new Array<number>(truth.length).fill(yMean));
      predictions = [
        'row,truth,prediction',
        ...Array.from(truth, (t, r) => `${split.test[r] + 1},${t},${predicted[r].toPrecision(6)}`),
      ];
    }
    return {
      settings,
      validation,
      dropped,
      features,
      selection,
      rows: {
        train: split.train.length,
        validation: split.validation.length,
        test: split.test.length,
        droppedForMissingTarget: table.rows - labelled.length,
      },
      classes,
      trials,
      best: { trial: winner.id, params: winner.params, validationScore: winner.score! },
      test,
      baseline,
      pipeline: {
        format: 'ml-production-playground/automl-pipeline@1',
        settings,
        target: targetColumn.name,
        task,
        classes,
        dropped,
        features: features.steps,
        ...(selection ? { selectedInputs: selection.kept } : {}),
        model: winner.params,
        ...(task === 'regression' ? { targetScaling: { mean: yMean, std: yStd } } : {}),
        validationScore: winner.score,
        test,
      },
      predictionsCsv: predictions.join('\n') + '\n',
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    disposeData(data.train);
    disposeData(data.validation);
    disposeData(data.test);
  }
}

/** Quotes a CSV cell when it holds a comma, quote or newline (RFC 4180). */
const csvCell = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

function softmaxRows(logits: ArrayLike<number>, k: number): Float64Array {
  const out = new Float64Array(logits.length);
  for (let r = 0; r < logits.length / k; r++) {
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, logits[r * k + c]);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += out[r * k + c] = Math.exp(logits[r * k + c] - max);
    for (let c = 0; c < k; c++) out[r * k + c] /= sum;
  }
  return out;
}

const argmax = (values: ArrayLike<number>, row: number, k: number) => {
  let best = 0;
  for (let c = 1; c < k; c++) if (values[row * k + c] > values[row * k + best]) best = c;
  return best;
};
