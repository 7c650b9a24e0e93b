import type { LabName } from '../engine/labs';
import type { ReductionResult } from '../engine/reduction/run';
import type { AutomlResult } from '../engine/automl/run';
import { bestFullTrial } from '../engine/tuning/results';
import type { TuningResult } from '../engine/tuning/run';
import type { QuantizationResult } from '../engine/quantization/run';
import type { PruningResult } from '../engine/pruning/types';
import type { NasResult } from '../engine/nas/run';
import type { DistributedResult } from '../engine/distributed/run';
import { archKey } from '../engine/nas/types';
import type { PipelineResult } from '../engine/pipeline/run';

/** Data meant for drawing (surfaces, scatter points, images): left out of the printout. */
const DRAWING_ONLY = new Set(['surface', 'points', 'examples', 'darkKnowledge']);

/** A saved model (TfjsModelFiles) as its sizes: its bytes do not belong in a printout. */
const modelSizes = (v: unknown) =>
  v !== null &&
  typeof v === 'object' &&
  typeof (v as { json?: unknown }).json === 'string' &&
  (v as { weights?: unknown }).weights instanceof Uint8Array
    ? {
        format: 'tfjs layers-model',
        jsonBytes: (v as { json: string }).json.length,
        weightBytes: (v as { weights: Uint8Array }).weights.byteLength,
      }
    : v;

/**
 * The result as JSON-ready data: typed arrays as arrays, saved models as their sizes,
 * drawing-only data left out.
 */
const printable = (value: unknown): unknown =>
  JSON.parse(
    JSON.stringify(value, (key, raw) => {
      const v = modelSizes(raw);
      return DRAWING_ONLY.has(key)
        ? undefined
        : ArrayBuffer.isView(v)
          ? Array.from(v as Float32Array)
          : v;
    }),
  );

const round = (v: number) => Number(v.toPrecision(5));

/**
 * /reduction for a terminal: the components (up to 16, [count, features]), explained variance,
 * summary statistics of each projected dimension instead of every row's scores, and the
 * downstream and reconstruction figures; labels, hover images and signals are left out.
 */
function summarizeReduction(result: ReductionResult) {
  const { projection, directions, directionCount, features } = result;
  const transformed = Array.from({ length: projection.dims }, (_, c) => {
    const values = Array.from(
      { length: result.rows },
      (_, i) => projection.values[i * projection.dims + c],
    );
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const variance =
      values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, values.length - 1);
    return {
      component: c + 1,
      mean: round(mean),
      std: round(Math.sqrt(variance)),
      min: round(Math.min(...values)),
      max: round(Math.max(...values)),
    };
  });
  let cumulative = 0;
  return {
    settings: result.settings,
    rows: result.rows,
    features,
    fitRows: result.fitRows,
    components: result.components,
    explainedVarianceRatio: result.explainedVarianceRatio
      ? Array.from(result.explainedVarianceRatio, round)
      : null,
    cumulativeExplainedVariance: result.explainedVarianceRatio
      ? Array.from(result.explainedVarianceRatio, (v) => round((cumulative += v)))
      : null,
    directions: Array.from({ length: directionCount }, (_, r) =>
      Array.from(directions.subarray(r * features, (r + 1) * features), round),
    ),
    topTerms: result.topTerms,
    transformed,
    downstream: result.downstream,
    reconstructionError: result.reconstruction
      ? { levels: result.reconstruction.levels, errors: result.reconstruction.errors.map(round) }
      : null,
    compared: result.comparison.map((p) => p.method),
    notes: result.notes,
    seconds: round(result.seconds),
    fitSeconds: round(result.fitSeconds),
  };
}

/**
 * /tuning for a terminal: every trial of every strategy (status, epochs trained, validation and
 * test score, parameters) and each strategy's best full-length trial; importance; the GP's
 * posterior slices are left out (drawing only).
 */
function summarizeTuning(result: TuningResult) {
  // Scores are maximized; a loss objective is stored negated and printed as the loss itself.
  const sign = result.settings.objective === 'loss' ? -1 : 1;
  return {
    settings: result.settings,
    objective: `validation ${result.settings.objective}`,
    fixed: result.fixed,
    searched: result.space.map((d) => d.name),
    strategies: result.runs.map((run) => {
      const best = bestFullTrial(run.trials, result.settings.maxEpochs);
      return {
        strategy: run.strategy,
        epochsSpent: run.trials.reduce((s, t) => s + t.curve.length, 0),
        best: best
          ? {
              trial: best.id,
              score: round(sign * best.score!),
              testScore: best.testScore,
              params: best.params,
            }
          : null,
        trials: run.trials.map((t) => ({
          id: t.id,
          status: t.status,
          epochs: t.curve.length,
          score: t.score === null ? null : round(sign * t.score),
          testScore: t.testScore === undefined ? undefined : round(t.testScore),
          ...(t.bracket === undefined
            ? {}
            : { bracket: t.bracket, rung: t.rung, promoted: !!t.promoted }),
          params: Object.fromEntries(
            Object.entries(t.params).map(([k, v]) => [k, typeof v === 'number' ? round(v) : v]),
          ),
          ...(t.error ? { error: t.error } : {}),
        })),
      };
    }),
    importance: result.analysis.importance,
    seconds: round(result.seconds),
  };
}

/**
 * /automl for a terminal: validation (task, anomalies, per-column type and missing share), the
 * feature steps, the leaderboard, the winner's test metrics against the baseline, the pipeline;
 * predictions are the CSV the page downloads, left out here.
 */
function summarizeAutoml(result: AutomlResult) {
  return {
    settings: result.settings,
    task: result.validation.task,
    target: result.validation.target,
    rows: result.rows,
    columns: result.validation.columns.map((c) => ({
      name: c.name,
      kind: c.kind,
      missingShare: round(c.missingShare),
    })),
    anomalies: result.validation.anomalies.map((a) => a.message),
    dropped: result.dropped,
    features: result.features.names.length,
    leaderboard: [...result.trials]
      .filter((t) => t.score !== null)
      .sort((a, b) => b.score! - a.score!)
      .map((t) => ({ trial: t.id, validationScore: round(t.score!), params: t.params })),
    best: result.best,
    test: result.test,
    baseline: result.baseline,
    seconds: round(result.seconds),
  };
}

/**
 * /quantization for a terminal: every variant (accuracy, file size, latency, engine), accuracy
 * against bits for PTQ and QAT, the layers' kernel shapes, calibrated ranges; weights,
 * activations and files are left out.
 */
function summarizeQuantization(result: QuantizationResult) {
  const float32 = result.variants.find((v) => v.id === 'float32')!;
  return {
    settings: result.settings,
    variants: result.variants.map((v) => ({
      id: v.id,
      bits: v.bits,
      accuracy: round(v.accuracy),
      accuracyChange: round(v.accuracy - float32.accuracy),
      bytes: v.bytes,
      smallerThanFloat32: round(float32.bytes / v.bytes),
      msPer1000: round(v.msPer1000),
      engine: v.engine,
    })),
    bitsCurve: result.bitsCurve,
    layers: result.layers.map((l) => `${l.name} [${l.shape.join(', ')}]`),
    ranges: result.ranges.map((r) => ({ min: round(r.min), max: round(r.max) })),
    qatFinalValidation: result.history.qat.map((h) => ({
      bits: h.bits,
      validationScore: h.metrics.at(-1)?.validationScore,
    })),
    seconds: round(result.seconds),
  };
}

/**
 * /pruning for a terminal: dense and pruned accuracy, achieved sparsity per layer, pruning events,
 * the sweep, sizes and inference; mask snapshots and the per-step schedule are left out.
 */
function summarizePruning(result: PruningResult) {
  const size = (id: string) => result.sizes.find((s) => s.id === id)!;
  return {
    settings: result.settings,
    dense: { accuracy: result.dense.accuracy },
    pruned: {
      accuracy: result.pruned.accuracy,
      perLayer: result.pruned.perLayer.map(round),
      overall: round(result.pruned.overall),
    },
    events: result.events.map((e) => ({
      step: e.step,
      target: round(e.target),
      overall: round(e.overall),
    })),
    sweep: result.sweep,
    sizes: result.sizes,
    gzipDenseOverPruned: round(size('dense').gzipBytes / size('pruned').gzipBytes),
    inference: result.inference,
    maskKernel: result.maskKernel,
    model: printable(result.model),
    seconds: round(result.seconds),
  };
}

/**
 * /nas for a terminal: each strategy's detailed run (its best candidate, evaluations, compute),
 * the tabular comparison's final best-so-far (mean and 10th-90th percentiles over the repeats),
 * and the estimator's rank correlation; per-evaluation states are left out.
 */
function summarizeNas(result: NasResult) {
  return {
    settings: result.settings,
    spaceSize: result.spaceSize,
    runs: result.runs.map((run) => {
      const best = run.candidates.reduce<(typeof run.candidates)[number] | null>(
        (b, c) => (!b || c.score > b.score ? c : b),
        null,
      );
      return {
        strategy: run.strategy,
        evaluations: run.candidates.length,
        spent: run.candidates.at(-1)?.spent ?? 0,
        best: best
          ? {
              arch: archKey(best.arch),
              score: round(best.score),
              truth: best.truth,
              parameters: best.parameters,
            }
          : null,
        ...(run.error ? { error: run.error } : {}),
      };
    }),
    comparison: result.comparison?.map((c) => ({
      strategy: c.name,
      finalMean: c.mean.length ? round(c.mean.at(-1)!) : null,
      finalP10: c.p10.length ? round(c.p10.at(-1)!) : null,
      finalP90: c.p90.length ? round(c.p90.at(-1)!) : null,
      ...(c.error ? { error: c.error } : {}),
    })),
    estimation: { points: result.estimation.points.length, spearman: result.estimation.spearman },
    seconds: round(result.seconds),
  };
}

/**
 * /distributed for a terminal: per strategy its final held-out loss and accuracy, throughput,
 * bytes per step, staleness, failures and the first and last steps; time lines are left out.
 */
function summarizeDistributed(result: DistributedResult) {
  const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : null);
  return {
    settings: result.settings,
    parameters: result.parameters,
    cores: result.cores,
    runs: result.runs.map((run) => ({
      strategy: run.strategy,
      workers: run.workers,
      final: { loss: round(run.final.loss), accuracy: round(run.final.accuracy) },
      samplesPerSecond: round(run.samplesPerSecond),
      bytesPerStep: Math.round(run.bytesPerStep),
      seconds: round(run.seconds),
      replicasAgree: run.replicasAgree,
      staleness: run.staleness.length
        ? { mean: round(mean(run.staleness)!), max: Math.max(...run.staleness) }
        : null,
      failures: run.failures,
      firstStep: run.steps[0] ?? null,
      lastStep: run.steps.at(-1) ?? null,
    })),
    seconds: round(result.seconds),
  };
}

/**
 * /pipeline for a terminal: each variant's throughput, the consumer's idle share, the mean map and
 * step costs per batch, its speed-up over naive and whether it trained on naive's batches; the
 * per-shard timelines are left out (they are for drawing).
 */
function summarizePipeline(result: PipelineResult) {
  const reference = result.variants[0]?.fingerprints ?? [];
  return {
    settings: result.settings,
    backend: result.backend,
    cores: result.cores,
    workers: result.workers,
    workerStartMs: round(result.workerStartMs),
    variants: result.variants.map((v) => ({
      variant: v.name,
      degree: v.plan.degree,
      prefetch: v.plan.prefetch,
      cacheAfter: v.plan.cacheAfter,
      samplesPerSecond: round(v.summary.throughput),
      speedup: result.speedups[v.name] !== undefined ? round(result.speedups[v.name]!) : null,
      idleShare: round(v.summary.idleShare),
      producerMsPerBatch: round(v.summary.producerMsPerBatch),
      consumerMsPerBatch: round(v.summary.consumerMsPerBatch),
      workerBusy: v.summary.workerBusy.map(round),
      seconds: round(v.timeline.duration / 1000),
      epochLosses: v.epochLosses.map(round),
      sameBatchesAsFirst: v.fingerprints.every((f, i) => f === reference[i]),
    })),
    seconds: round(result.seconds),
  };
}

/** What the CLI prints for a lab's result. */
export function summarize(lab: LabName, result: unknown): unknown {
  if (lab === 'reduction') return summarizeReduction(result as ReductionResult);
  if (lab === 'tuning') return summarizeTuning(result as TuningResult);
  if (lab === 'automl') return summarizeAutoml(result as AutomlResult);
  if (lab === 'quantization') return summarizeQuantization(result as QuantizationResult);
  if (lab === 'pruning') return summarizePruning(result as PruningResult);
  if (lab === 'nas') return summarizeNas(result as NasResult);
  if (lab === 'distributed') return summarizeDistributed(result as DistributedResult);
  if (lab === 'pipeline') return summarizePipeline(result as PipelineResult);
  return printable(result);
}
