import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { loadMnistSplit, MNIST_CLASSES, MNIST_SHAPE, splitRows } from '../data/mnist';
import { takeRows } from '../data/split';
import type { Subset } from '../data/types';
import type { LabContext } from '../lab';
import { buildModel } from '../models/build';
import { saveTfjsModel, type TfjsModelFiles } from '../models/tfjs-format';
import { parameterCount } from '../models/count';
import {
  disposeData,
  fit,
  toTensors,
  type EpochMetrics,
  type FitOptions,
  type TensorData,
} from '../models/fit';
import { createRng } from '../rng';
import { randomShift } from './augment';
import { distillationLoss } from './loss';
import {
  adjustBias,
  predictLogits,
  reportModel,
  type BiasAdjustment,
  type ModelReport,
} from './reports';
import {
  distillationWarnings,
  parseDistillationSettings,
  studentSpec,
  teacherSpec,
  type DistillationSettings,
} from './settings';
import { validOrThrow } from '../settings/schema';

export type DistillationPhase = 'teacher' | 'scratch' | 'distilled';

/** Test images with the teacher's logits, for the "dark knowledge" view: [count, 784], [count, 10]. */
export interface DarkKnowledge {
  pixels: Float32Array;
  labels: Int32Array;
  teacherLogits: Float32Array;
}

export type DistillationProgress =
  | {
      type: 'data';
      rows: { train: number; transfer: number; validation: number; test: number };
      parameters: { teacher: number; student: number };
      warnings: string[];
    }
  | { type: 'phase'; phase: DistillationPhase; cached: boolean }
  | { type: 'batch'; phase: DistillationPhase; epoch: number; batch: number; batches: number }
  | { type: 'epochs'; phase: DistillationPhase; metrics: EpochMetrics[] }
  | { type: 'dark-knowledge'; darkKnowledge: DarkKnowledge };

export interface DistillationResult {
  settings: DistillationSettings;
  backend: string;
  /** Whether the distillation loss ran as our WGSL kernel (WebGPU) or as tfjs ops. */
  lossKernel: 'wgsl' | 'tfjs';
  teacher: ModelReport & { cached: boolean };
  scratch: ModelReport;
  distilled: ModelReport;
  /** The missing-digit experiment, when the transfer set leaves a digit out. */
  missingDigit: {
    digit: number;
    testRows: number;
    scratch: BiasAdjustment;
    distilled: BiasAdjustment;
  } | null;
  darkKnowledge: DarkKnowledge;
  /** The distilled student in the TensorFlow.js format. */
  student: TfjsModelFiles;
  warnings: string[];
  seconds: number;
}

const DARK_KNOWLEDGE_IMAGES = 32;

/**
 * The /distillation lab (Hinton, Vinyals and Dean 2015 at browser scale): train a teacher on MNIST
 * (or reuse the one cached for the same settings), then the same small student twice on the
 * transfer set with the same seeds: from scratch on hard labels, and by distillation with
 * Loss = (1 - a) CE + a T^2 KL(teacher_T || student_T). Reports test errors, sizes, speed and
 * confusion matrices; when a digit is left out, the paper's bias adjustment.
 */
export async function runDistillation(
  config: Record<string, unknown>,
  context: LabContext<DistillationProgress>,
): Promise<DistillationResult> {
  const settings = validOrThrow(parseDistillationSettings(config));
  const started = performance.now();
  const { signal, onProgress } = context;
  const rng = createRng(settings.seed);
  const { mnist, split } = await loadMnistSplit(context.data, settings.samples, rng, signal);
  const transferIndices =
    settings.transferSet === 'subset'
      ? split.train.slice(
          0,
          Math.max(settings.batchSize, Math.round(split.train.length * settings.transferFraction)),
        )
      : settings.transferSet === 'without-digit'
        ? split.train.filter((row) => mnist.y[row] !== settings.missingDigit)
        : split.train;
  const rows = { ...splitRows(mnist, split), transfer: takeRows(mnist, transferIndices) };
  const warnings = distillationWarnings(settings);
  const seeds = {
    teacher: rng.seed(),
    student: rng.seed(),
    teacherOrder: rng.seed(),
    studentOrder: rng.seed(),
    jitter: rng.seed(),
  };
  const teacher = buildModel(teacherSpec(settings, seeds.teacher));
  const students: tfl.LayersModel[] = [];
  const data: Partial<Record<keyof typeof rows, TensorData>> = {};
  let teacherLogits: tf.Tensor2D | null = null;
  try {
    const inputShape = settings.teacherModel === 'cnn' ? MNIST_SHAPE : [784];
    for (const key of Object.keys(rows) as (keyof typeof rows)[]) {
      data[key] = toTensors(rows[key], inputShape, 'classification', MNIST_CLASSES);
    }
    await onProgress?.({
      type: 'data',
      rows: {
        train: rows.train.rows,
        transfer: rows.transfer.rows,
        validation: rows.validation.rows,
        test: rows.test.rows,
      },
      parameters: {
        teacher: teacher.countParams(),
        student: parameterCount(studentSpec(settings, 0)),
      },
      warnings,
    });

    const common = (phase: DistillationPhase, epochs: number, orderSeed: number): FitOptions => ({
      task: 'classification',
      optimizer: 'adam',
      learningRate: settings.learningRate,
      batchSize: settings.batchSize,
      epochs,
      l2: 0,
      patience: 0,
      rng: createRng(orderSeed),
      signal,
      onBatch: (epoch, batch, batches) =>
        void onProgress?.({ type: 'batch', phase, epoch, batch, batches }),
      onEpochEnd: (metrics) => onProgress?.({ type: 'epochs', phase, metrics: [metrics] }),
    });

    // The teacher: trained on every training row, or restored from the cache.
    const cacheKey = teacherCacheKey(settings);
    const cached = (await context.cache?.get(cacheKey).catch(() => undefined)) as
      CachedTeacher | undefined;
    await onProgress?.({ type: 'phase', phase: 'teacher', cached: Boolean(cached) });
    let teacherHistory: EpochMetrics[];
    if (cached) {
      const restored = cached.weights.map((w, i) => tf.tensor(w, cached.shapes[i]));
      teacher.setWeights(restored);
      tf.dispose(restored);
      teacherHistory = cached.history;
      await onProgress?.({ type: 'epochs', phase: 'teacher', metrics: teacherHistory });
    } else {
      const jitter = createRng(seeds.jitter);
      const fitted = await fit(teacher, data.train!, data.validation!, {
        ...common('teacher', settings.teacherEpochs, seeds.teacherOrder),
        augment: settings.augment ? (x) => randomShift(x, MNIST_SHAPE, 2, jitter) : undefined,
      });
      teacherHistory = fitted.history;
      const weights = teacher.getWeights();
      await context.cache
        ?.set(cacheKey, {
          weights: await Promise.all(weights.map((w) => w.data())),
          shapes: weights.map((w) => w.shape),
          history: teacherHistory,
        })
        .catch(() => undefined);
    }
    teacherLogits = predictLogits(teacher, data.transfer!.x);
    const darkKnowledge = await darkKnowledgeOf(teacher, data.test!, rows.test);
    // A copy: a worker transfers progress events' arrays, and the result holds these too.
    await onProgress?.({ type: 'dark-knowledge', darkKnowledge: structuredClone(darkKnowledge) });

    // Two students, same initial weights and batch order: hard labels vs distillation.
    const studentInput = (d: TensorData): TensorData =>
      settings.teacherModel === 'cnn' ? { ...d, x: tf.reshape(d.x, [d.rows, 784]) } : d;
    const student = (phase: DistillationPhase) => {
      const model = buildModel(studentSpec(settings, seeds.student));
      students.push(model);
      return { model, options: common(phase, settings.studentEpochs, seeds.studentOrder) };
    };
    const transfer = studentInput(data.transfer!);
    const validation = studentInput(data.validation!);
    const test = studentInput(data.test!);
    await onProgress?.({ type: 'phase', phase: 'scratch', cached: false });
    const scratch = student('scratch');
    const scratchFit = await fit(scratch.model, transfer, validation, scratch.options);
    await onProgress?.({ type: 'phase', phase: 'distilled', cached: false });
    const distilled = student('distilled');
    const loss = context.ops?.distillationLoss ?? distillationLoss;
    const softTargets = teacherLogits;
    const distilledFit = await fit(distilled.model, transfer, validation, {
      ...distilled.options,
      batchLoss: (output, targets, index) =>
        tf.tidy(() =>
          loss(
            output as tf.Tensor2D,
            tf.gather(softTargets, index),
            targets as tf.Tensor2D,
            settings.temperature,
            settings.alpha,
          ),
        ),
    });

    const reports = {
      teacher: {
        ...(await reportModel(teacher, data.test!, rows.test, teacherHistory)),
        cached: Boolean(cached),
      },
      scratch: await reportModel(scratch.model, test, rows.test, scratchFit.history),
      distilled: await reportModel(distilled.model, test, rows.test, distilledFit.history),
    };
    const missingDigit =
      settings.transferSet === 'without-digit'
        ? await missingDigitReport(
            settings.missingDigit,
            { scratch: scratch.model, distilled: distilled.model },
            validation,
            test,
            rows,
          )
        : null;
    if (transfer !== data.transfer) tf.dispose([transfer.x, validation.x, test.x]);
    return {
      settings,
      backend: tf.getBackend(),
      lossKernel: context.ops?.distillationLoss ? 'wgsl' : 'tfjs',
      ...reports,
      missingDigit,
      darkKnowledge,
      student: await saveTfjsModel(distilled.model, {
        lab: 'distillation',
        settings,
        dataset: 'mnist',
      }),
      warnings,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    for (const d of Object.values(data)) disposeData(d);
    teacherLogits?.dispose();
    teacher.dispose();
    for (const model of students) model.dispose();
  }
}

interface CachedTeacher {
  weights: Float32Array[];
  shapes: number[][];
  history: EpochMetrics[];
}

/** Everything that determines the teacher's weights. */
function teacherCacheKey(s: DistillationSettings): string {
  const {
    samples,
    teacherModel,
    teacherHidden,
    teacherFilters,
    teacherDropout,
    augment,
    teacherEpochs,
    activation,
    learningRate,
    batchSize,
    seed,
  } = s;
  return `distillation-teacher:v1:${JSON.stringify({ samples, teacherModel, teacherHidden, teacherFilters, teacherDropout, augment, teacherEpochs, activation, learningRate, batchSize, seed })}`;
}

async function darkKnowledgeOf(
  teacher: tfl.LayersModel,
  test: TensorData,
  testRows: Subset,
): Promise<DarkKnowledge> {
  const count = Math.min(DARK_KNOWLEDGE_IMAGES, test.rows);
  const x = tf.slice(test.x, 0, count);
  const logits = teacher.predict(x) as tf.Tensor;
  const teacherLogits = (await logits.data()) as Float32Array;
  tf.dispose([x, logits]);
  return {
    pixels: testRows.x.slice(0, count * 784),
    labels: Int32Array.from(testRows.y.subarray(0, count)),
    teacherLogits: Float32Array.from(teacherLogits),
  };
}

async function missingDigitReport(
  digit: number,
  models: { scratch: tfl.LayersModel; distilled: tfl.LayersModel },
  validation: TensorData,
  test: TensorData,
  rows: Record<'train' | 'test', Subset>,
) {
  // The digit's prior share, from the labels the teacher trained on.
  const prior = rows.train.y.filter((y) => y === digit).length / rows.train.rows;
  const adjust = async (model: tfl.LayersModel) => {
    const [validationLogits, testLogits] = [
      predictLogits(model, validation.x),
      predictLogits(model, test.x),
    ];
    const values = [
      (await validationLogits.data()) as Float32Array,
      (await testLogits.data()) as Float32Array,
    ];
    tf.dispose([validationLogits, testLogits]);
    return adjustBias(values[0], values[1], rows.test.y, digit, MNIST_CLASSES, prior);
  };
  return {
    digit,
    testRows: rows.test.y.filter((y) => y === digit).length,
    scratch: await adjust(models.scratch),
    distilled: await adjust(models.distilled),
  };
}
