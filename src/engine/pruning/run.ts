import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { throwIfAborted } from '../abort';
import { loadMnistSplit, MNIST_CLASSES, splitRows } from '../data/mnist';
import type { LabContext } from '../lab';
import { buildModel } from '../models/build';
import { saveTfjsModel } from '../models/tfjs-format';
import {
  disposeData,
  evaluate,
  fit,
  toTensors,
  type EpochMetrics,
  type FitOptions,
  type TensorData,
} from '../models/fit';
import { createRng } from '../rng';
import { denseArraysOf, layerTensorsOf, trainingForward } from '../quantization/forward';
import { inputShapeOf, kernelShapes } from '../quantization/settings';
import { selectedMasks, sparsitySummary } from './masks';
import { MaskedTraining, maskShapeOf, type ApplyMask } from './masking';
import { inferenceReport, inputKeep, maskGrid, sizeReports, type CsrMatmul } from './reports';
import type { MaskSnapshot, PruningProgress, PruningResult, SweepPoint } from './types';
import { shouldPruneAt, sparsityAt } from './schedule';
import {
  maskStructure,
  parsePruningSettings,
  prunedLayers,
  pruningModelSpec,
  pruningSchedule,
} from './settings';
import { validOrThrow } from '../settings/schema';

const MAX_SNAPSHOTS = 24;

/**
 * The /pruning lab: a dense ReLU MLP or small CNN on MNIST as the baseline, then magnitude pruning
 * with TF MOT's schedule (during training from scratch, or on the trained model while
 * fine-tuning) of every dense and conv kernel, or of all but the first layer's (TF MOT's advice:
 * prune the later layers, not the first), a conv kernel as its [9 C, O] matrix; masks
 * unstructured, in 1 x 4 blocks or 2:4, per layer or global (over the pruned layers); a sweep of
 * one-shot sparsities with and without fine-tuning; compressed sizes; dense against CSR inference
 * (conv layers as im2col products).
 */
export async function runPruning(
  config: Record<string, unknown>,
  context: LabContext<PruningProgress>,
): Promise<PruningResult> {
  const settings = validOrThrow(parsePruningSettings(config));
  const started = performance.now();
  const { signal, onProgress } = context;
  const rng = createRng(settings.seed);
  const { mnist, split } = await loadMnistSplit(context.data, settings.samples, rng, signal);
  const rows = splitRows(mnist, split);
  const spec = pruningModelSpec(settings, rng.seed());
  const seeds = { dense: rng.seed(), pruning: rng.seed(), sweep: rng.seed() };
  const shape = inputShapeOf(settings.model);
  const data = {
    train: toTensors(rows.train, shape, 'classification', MNIST_CLASSES),
    validation: toTensors(rows.validation, shape, 'classification', MNIST_CLASSES),
    test: toTensors(rows.test, shape, 'classification', MNIST_CLASSES),
  };
  const stepsPerEpoch = Math.ceil(rows.train.rows / settings.batchSize);
  const pruningEpochs = settings.mode === 'gradual' ? settings.epochs : settings.fineTuneEpochs;
  const pruningSteps = stepsPerEpoch * pruningEpochs;
  const schedule = pruningSchedule(settings);
  const structure = maskStructure(settings);
  const global = settings.scope === 'global';
  const applyMask: ApplyMask | undefined = context.ops?.applyMask;
  const models: tfl.LayersModel[] = [];
  const fitOptions = (
    model: tfl.LayersModel,
    phase: string,
    epochs: number,
    seed: number,
  ): FitOptions => ({
    task: 'classification',
    optimizer: 'adam',
    learningRate: settings.learningRate,
    batchSize: settings.batchSize,
    epochs,
    l2: 0,
    patience: 0,
    rng: createRng(seed),
    signal,
    forward: trainingForward(model),
    onBatch: (epoch, batch, batches) =>
      void onProgress?.({ type: 'batch', phase, epoch, batch, batches }),
  });
  const testAccuracy = async (model: tfl.LayersModel, test: TensorData) =>
    (await evaluate(model, test, 'classification')).score;
  const layerFlags = prunedLayers(
    settings,
    kernelShapes(settings.model, settings.filters, settings.hidden).length,
  );
  const maskedTraining = (model: tfl.LayersModel) =>
    new MaskedTraining(layerTensorsOf(model), schedule, structure, global, applyMask, layerFlags);
  const newModel = () => {
    const model = buildModel(spec);
    models.push(model);
    return model;
  };
  try {
    await onProgress?.({
      type: 'data',
      rows: { train: rows.train.rows, validation: rows.validation.rows, test: rows.test.rows },
      stepsPerEpoch,
      pruningSteps,
    });
    await onProgress?.({ type: 'phase', phase: 'dense' });
    const dense = newModel();
    const denseFit = await fit(dense, data.train, data.validation, {
      ...fitOptions(dense, 'dense', settings.epochs, seeds.dense),
      onEpochEnd: (metrics) =>
        onProgress?.({ type: 'epochs', phase: 'dense', metrics: [{ ...metrics, sparsity: 0 }] }),
    });
    const denseLayers = await denseArraysOf(layerTensorsOf(dense));

    await onProgress?.({ type: 'phase', phase: 'pruning' });
    const pruned = newModel();
    if (settings.mode === 'after-training') pruned.setWeights(dense.getWeights());
    const masking = maskedTraining(pruned);
    const plannedEvents = Array.from({ length: pruningSteps }, (_, s) => s).filter((s) =>
      shouldPruneAt(schedule, s),
    ).length;
    const stride = Math.max(1, Math.ceil(plannedEvents / MAX_SNAPSHOTS));
    const snapshots: MaskSnapshot[] = [];
    const snapshot = (step: number): MaskSnapshot => ({
      step,
      grids: masking.maskValues!.map((mask, l) =>
        maskGrid(mask, denseLayers[l].inputs, denseLayers[l].units),
      ),
      inputKeep: denseLayers[0].conv
        ? null
        : inputKeep(masking.maskValues![0], denseLayers[0].inputs, denseLayers[0].units),
    });
    const prunedHistory: (EpochMetrics & { sparsity: number })[] = [];
    await fit(pruned, data.train, data.validation, {
      ...fitOptions(pruned, 'pruning', pruningEpochs, seeds.pruning),
      afterStep: async (step) => {
        const event = await masking.afterStep(step);
        if (!event) return;
        const index = masking.events.length - 1;
        const keep = index % stride === 0 || step + settings.frequency >= pruningSteps;
        const shot = keep ? snapshot(step) : null;
        if (shot) snapshots.push(shot);
        await onProgress?.({ type: 'prune', event, snapshot: shot ? structuredClone(shot) : null });
      },
      onEpochEnd: async (metrics) => {
        const sparsity = masking.maskValues ? sparsitySummary(masking.maskValues).overall : 0;
        prunedHistory.push({ ...metrics, sparsity });
        await onProgress?.({
          type: 'epochs',
          phase: 'pruning',
          metrics: [{ ...metrics, sparsity }],
        });
      },
    });
    const prunedArrays = await denseArraysOf(layerTensorsOf(pruned));
    const summary = masking.maskValues
      ? sparsitySummary(masking.maskValues, layerFlags)
      : { perLayer: prunedArrays.map(() => 0), overall: 0, overPruned: 0 };
    masking.dispose();

    await onProgress?.({ type: 'phase', phase: 'sweep' });
    const sweep: SweepPoint[] = [];
    const targets =
      structure.kind === 'n:m'
        ? [0.5]
        : [...new Set(settings.sweep)].sort((a, b) => a - b).map((p) => p / 100);
    for (const target of targets) {
      throwIfAborted(signal);
      const model = newModel();
      model.setWeights(dense.getWeights());
      const sweepMasking = maskedTraining(model);
      const weights = denseLayers.map((l) => ({ weights: l.kernel, shape: maskShapeOf(l) }));
      sweepMasking.setMasks(selectedMasks(weights, target, structure, global, layerFlags));
      sweepMasking.applyMasks();
      const oneShot = await testAccuracy(model, data.test);
      let fineTuned: number | null = null;
      if (settings.sweepEpochs > 0) {
        await fit(model, data.train, data.validation, {
          ...fitOptions(model, 'sweep', settings.sweepEpochs, seeds.sweep),
          afterStep: () => sweepMasking.applyMasks(),
        });
        fineTuned = await testAccuracy(model, data.test);
      }
      const point = {
        target,
        achieved: sparsitySummary(sweepMasking.maskValues!, layerFlags).overPruned,
        oneShot,
        fineTuned,
      };
      sweepMasking.dispose();
      sweep.push(point);
      await onProgress?.({ type: 'sweep', point });
    }

    await onProgress?.({ type: 'phase', phase: 'reports' });
    const csrMatmul: CsrMatmul | undefined = context.ops?.csrMatmul;
    return {
      settings,
      backend: tf.getBackend(),
      schedule: Array.from({ length: pruningSteps }, (_, step) => ({
        step,
        sparsity: sparsityAt(schedule, step).sparsity,
      })),
      events: masking.events,
      snapshots,
      dense: { accuracy: await testAccuracy(dense, data.test), history: denseFit.history },
      pruned: {
        accuracy: await testAccuracy(pruned, data.test),
        history: prunedHistory,
        layers: layerFlags,
        ...summary,
      },
      sweep,
      sizes: await sizeReports(denseLayers, prunedArrays),
      inference: await inferenceReport(prunedArrays, rows.test, csrMatmul),
      model: await saveTfjsModel(pruned, { lab: 'pruning', settings, dataset: 'mnist' }),
      maskKernel: applyMask ? 'wgsl' : 'tfjs',
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    Object.values(data).forEach(disposeData);
    models.forEach((m) => m.dispose());
  }
}
