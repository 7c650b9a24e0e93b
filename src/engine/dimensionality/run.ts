import { createYielder, throwIfAborted } from '../abort';
import { fitStandardizer, applyStandardizer } from '../data/standardize';
import type { LabContext } from '../lab';
import { logGrid } from '../math';
import { createRng } from '../rng';
import { squaredDistancesCpu } from '../../kernels/distances/distances-cpu';
import {
  concentrationStats,
  samplePoints,
  sampleWithNoise,
  theorySquaredCv,
  type ConcentrationRow,
} from './concentration';
import { emptySpaceRow, SHELL_EDGE, type EmptySpaceRow } from './empty-space';
import { hughesCurve, type HughesRow } from './hughes';
import { parseDimensionalitySettings, type DimensionalitySettings } from './settings';
import { validOrThrow } from '../settings/schema';

export type DimensionalityProgress =
  | { type: 'concentration'; row: ConcentrationRow & { theory: number | null } }
  | { type: 'empty-space'; row: EmptySpaceRow }
  | { type: 'hughes'; rows: HughesRow[]; repeatsDone: number };

export interface DimensionalityResult {
  settings: DimensionalitySettings;
  /** Where the pairwise distances ran: our WGSL kernel or its CPU twin. */
  distances: 'wgsl' | 'cpu';
  concentration: (ConcentrationRow & { theory: number | null })[];
  emptySpace: EmptySpaceRow[];
  shellEdge: number;
  hughes: HughesRow[];
  seconds: number;
}

/** Points per dimension for the Monte Carlo estimates of the empty-space shares. */
const EMPTY_SPACE_SAMPLES = 20000;
/** Test rows per class for the Hughes accuracies. */
const HUGHES_TEST_PER_CLASS = 500;

/**
 * The /dimensionality lab: distance concentration (pairwise distances of points in d dimensions,
 * by our WGSL kernel when tfjs runs on WebGPU, else its CPU twin), the empty space of the unit
 * cube (formulas and Monte Carlo), and the Hughes effect on Trunk's problem.
 */
export async function runDimensionality(
  config: Record<string, unknown>,
  context: LabContext<DimensionalityProgress>,
): Promise<DimensionalityResult> {
  const settings = validOrThrow(parseDimensionalitySettings(config));
  const started = performance.now();
  const { signal, onProgress } = context;
  const pause = createYielder(signal);
  const rng = createRng(settings.seed);
  const dims = logGrid(settings.maxDimension, 24);
  const distances = context.ops?.squaredDistances;

  // Real data: standardized once, then sampled with noise features at each d.
  let real: { x: Float32Array; rows: number; features: number } | null = null;
  if (settings.distribution === 'digits' || settings.distribution === 'mnist') {
    const data = await context.data.load(settings.distribution, {
      samples: 10000,
      noise: 0,
      seed: rng.seed(),
    });
    real = {
      x: applyStandardizer(data.x, fitStandardizer(data.x, data.rows, data.features)),
      rows: data.rows,
      features: data.features,
    };
  }

  const concentration: DimensionalityResult['concentration'] = [];
  for (const d of dims) {
    const n = settings.points;
    const x = real
      ? sampleWithNoise(real.x, real.rows, real.features, n, d, rng)
      : samplePoints(settings.distribution as 'uniform' | 'gaussian', n, d, rng);
    const squared = distances ? await distances(x, n, d) : squaredDistancesCpu(x, x, n, n, d);
    const row = {
      ...concentrationStats(squared, n, d),
      theory: theorySquaredCv(settings.distribution, d),
    };
    concentration.push(row);
    await onProgress?.({ type: 'concentration', row });
    await pause();
  }

  const emptySpace: EmptySpaceRow[] = [];
  for (const d of dims) {
    const row = emptySpaceRow(d, EMPTY_SPACE_SAMPLES, rng);
    emptySpace.push(row);
    await onProgress?.({ type: 'empty-space', row });
    await pause();
  }

  throwIfAborted(signal);
  const grid = logGrid(settings.maxFeatures, 30);
  let lastReport = 0;
  const hughes = hughesCurve(
    {
      trainPerClass: settings.trainPerClass,
      maxFeatures: settings.maxFeatures,
      informative: settings.informative,
      redundant: settings.redundant,
      neighbours: settings.neighbours,
      repeats: settings.repeats,
      testPerClass: HUGHES_TEST_PER_CLASS,
      grid,
    },
    rng,
    (rows, repeatsDone) => {
      if (performance.now() - lastReport > 100 || repeatsDone === settings.repeats) {
        lastReport = performance.now();
        void onProgress?.({ type: 'hughes', rows, repeatsDone });
      }
    },
  );
  return {
    settings,
    distances: distances ? 'wgsl' : 'cpu',
    concentration,
    emptySpace,
    shellEdge: SHELL_EDGE,
    hughes,
    seconds: (performance.now() - started) / 1000,
  };
}
