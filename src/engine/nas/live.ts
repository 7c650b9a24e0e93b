import { splitIndices } from '../data/split';
import type { LabContext } from '../lab';
import { createRng, type Rng } from '../rng';
import { curveDecision, type Estimate } from './estimate';
import { addSkip, deepen, widen, type Morphed } from './morphism';
import type { NasNetwork } from './network';
import type { NasCandidate, NasRun } from './run';
import type { NasSettings } from './settings';
import type { NasStrategyName } from './strategies';
import { trainArchitecture, type NasData, type NasTrainOptions, type Resolution } from './train';
import { archKey, type Architecture, type MacroArch, type NetworkFrame } from './types';

type Evaluate = (
  arch: Architecture,
  index: number,
  bestSoFar: number,
) => Promise<Estimate & { truth: number | null }>;

export interface LiveEvaluator {
  evaluator(
    strategy: NasStrategyName,
    onEpoch: (index: number, epoch: number, accuracy: number) => void,
  ): Evaluate;
  /** Trains up to `count` distinct candidates without a known truth fully, and fills it in. */
  addTruths(runs: NasRun[], count: number, rng: Rng, signal?: AbortSignal): Promise<void>;
  dispose(): void;
}

/** Trained networks kept for weight inheritance (oldest dropped). */
const KEPT_NETWORKS = 12;
const MNIST_ROWS = 5000;

/**
 * Live training of candidates on digits or MNIST, with the chosen estimator: full training;
 * lower fidelity (fewer epochs, a share of the rows, narrower layers, half resolution); learning
 * curves (stop when the extrapolation is hopeless); or weight inheritance (macro: a child one
 * network morphism away from a trained network starts from its weights and trains
 * fidelityEpochs; any other child trains fully from scratch).
 */
export async function liveEvaluator(
  settings: NasSettings,
  context: Pick<LabContext<unknown>, 'data' | 'signal'>,
): Promise<LiveEvaluator> {
  const dataset = await context.data.load(settings.dataset, {
    samples: settings.dataset === 'mnist' ? MNIST_ROWS : 1797,
    noise: 0,
    seed: settings.seed,
  });
  const data: NasData = {
    dataset,
    split: splitIndices(dataset, { validation: 0.2, test: 0.2 }, createRng(settings.seed + 1000)),
  };
  const frame: NetworkFrame = {
    inputs: dataset.features,
    outputs: dataset.classes.length,
    width: settings.width,
    cells: settings.cells,
    widthMultiplier: 1,
    seed: settings.seed,
  };
  const common: NasTrainOptions = {
    epochs: settings.epochs,
    learningRate: settings.learningRate,
    batchSize: settings.batchSize,
    signal: context.signal,
  };
  // Each strategy inherits only from networks it trained itself (evaluator() starts a new list).
  let kept: { key: string; arch: MacroArch; index: number; network: NasNetwork }[] = [];
  const keep = (arch: Architecture, index: number, network: NasNetwork | null) => {
    if (!network || arch.kind !== 'macro') return network?.dispose();
    kept.push({ key: archKey(arch), arch, index, network });
    if (kept.length > KEPT_NETWORKS) kept.shift()!.network.dispose();
  };
  const full = (arch: Architecture) => trainArchitecture(arch, frame, data, common);

  return {
    evaluator(_strategy, onEpoch) {
      kept.splice(0).forEach((k) => k.network.dispose());
      kept = [];
      return async (arch, index, bestSoFar) => {
        const report = (epoch: number, accuracy: number) => onEpoch(index, epoch, accuracy);
        if (settings.estimator === 'low-fidelity') {
          const r = await trainArchitecture(
            arch,
            { ...frame, widthMultiplier: settings.widthMultiplier },
            data,
            {
              ...common,
              epochs: settings.fidelityEpochs,
              dataFraction: settings.dataFraction,
              resolution: Number(settings.resolution) as Resolution,
              onEpoch: report,
            },
          );
          return { score: r.validationAccuracy, cost: r.cost, epochs: r.epochs, truth: null };
        }
        if (settings.estimator === 'learning-curve') {
          const curve: number[] = [];
          let prediction = NaN;
          const r = await trainArchitecture(arch, frame, data, {
            ...common,
            onEpoch: (epoch, accuracy) => {
              report(epoch, accuracy);
              curve.push(accuracy);
              const decision = curveDecision(curve, settings, bestSoFar);
              prediction = decision.prediction;
              return curve.length === settings.curveEpochs && decision.stop ? false : undefined;
            },
          });
          return r.stoppedEarly
            ? { score: prediction, cost: r.cost, epochs: r.epochs, stopped: true, truth: null }
            : {
                score: r.validationAccuracy,
                cost: r.cost,
                epochs: r.epochs,
                truth: r.validationAccuracy,
              };
        }
        if (settings.estimator === 'inheritance' && arch.kind === 'macro') {
          const morphed = await morphFromKept(arch, kept, createRng(settings.seed + index));
          if (morphed) {
            const r = await trainArchitecture(morphed.child.arch, frame, data, {
              ...common,
              epochs: settings.fidelityEpochs,
              network: morphed.child.network,
              keepNetwork: true,
              onEpoch: report,
            });
            keep(arch, index, r.network);
            return {
              score: r.validationAccuracy,
              cost: r.cost,
              epochs: r.epochs,
              inheritedFrom: morphed.parent,
              truth: null,
            };
          }
          const r = await trainArchitecture(arch, frame, data, {
            ...common,
            keepNetwork: true,
            onEpoch: report,
          });
          keep(arch, index, r.network);
          return {
            score: r.validationAccuracy,
            cost: r.cost,
            epochs: r.epochs,
            inheritedFrom: null,
            truth: r.validationAccuracy,
          };
        }
        const r = await trainArchitecture(arch, frame, data, { ...common, onEpoch: report });
        return {
          score: r.validationAccuracy,
          cost: r.cost,
          epochs: r.epochs,
          truth: r.validationAccuracy,
        };
      };
    },

    async addTruths(runs, count, _rng, signal) {
      const unknown = new Map<string, NasCandidate>();
      for (const run of runs)
        for (const c of run.candidates) if (c.truth === null) unknown.set(c.key, c);
      // Spread over the estimates: every k-th candidate in score order.
      const sorted = [...unknown.values()].sort((a, b) => a.score - b.score);
      const step = Math.max(1, sorted.length / count);
      const chosen = Array.from(
        { length: Math.min(count, sorted.length) },
        (_, i) => sorted[Math.floor(i * step)],
      );
      const truths = new Map<string, number>();
      for (const candidate of chosen) {
        signal?.throwIfAborted();
        truths.set(candidate.key, (await full(candidate.arch)).validationAccuracy);
      }
      for (const run of runs)
        for (const c of run.candidates)
          if (c.truth === null && truths.has(c.key)) c.truth = truths.get(c.key)!;
    },

    dispose() {
      kept.splice(0).forEach((k) => k.network.dispose());
    },
  };
}

/**
 * A kept network one function-preserving morphism away from `child`: the same layers but one
 * wider (widen), one with its skip turned on (addSkip), or one inserted layer that deepen would
 * insert (deepen). The most recently trained such parent wins.
 */
async function morphFromKept(
  child: MacroArch,
  kept: { arch: MacroArch; index: number; network: NasNetwork }[],
  rng: Rng,
): Promise<{ parent: number; child: Morphed } | null> {
  const same = (a: MacroArch['layers'][number], b: MacroArch['layers'][number]) =>
    a.width === b.width && a.activation === b.activation && a.skip === b.skip;
  for (const parent of [...kept].reverse()) {
    const p = parent.arch.layers;
    const c = child.layers;
    if (p.length === c.length) {
      const diff = c.map((layer, i) => (same(layer, p[i]) ? -1 : i)).filter((i) => i >= 0);
      if (diff.length !== 1) continue;
      const i = diff[0];
      if (
        !p[i].skip &&
        c[i].skip &&
        p[i].width === c[i].width &&
        p[i].activation === c[i].activation
      )
        return { parent: parent.index, child: await addSkip(parent.network, i) };
      if (c[i].width > p[i].width && p[i].activation === c[i].activation && p[i].skip === c[i].skip)
        return { parent: parent.index, child: await widen(parent.network, i, c[i].width, rng) };
    } else if (c.length === p.length + 1) {
      for (let i = 0; i < p.length; i++) {
        const rest = [...c.slice(0, i + 1), ...c.slice(i + 2)];
        if (!rest.every((layer, k) => same(layer, p[k]))) continue;
        const morphed = await deepen(parent.network, i);
        if (same(morphed.arch.layers[i + 1], c[i + 1]))
          return { parent: parent.index, child: morphed };
        morphed.network.dispose();
      }
    }
  }
  return null;
}
