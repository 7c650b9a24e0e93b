import { nasSchema } from '../../engine/nas/settings';
import type { NasStrategyName } from '../../engine/nas/strategies';
import { classColor } from '$lib/charts/palette';

const { options, optionLabels } = nasSchema.strategies;

/** A strategy's name on screen ("Regularized evolution"). */
export const strategyLabel = (name: NasStrategyName): string =>
  optionLabels?.[options.indexOf(name)] ?? name;

/**
 * Each strategy's colour, the same in every view whichever strategies run: the palette's orange,
 * blue, green, purple and brown, five hues that stay apart (its second green would not).
 */
const colorIndex: Record<NasStrategyName, number> = {
  grid: 8,
  random: 1,
  bayesian: 0,
  evolution: 2,
  reinforce: 6,
};
export const strategyColor = (name: NasStrategyName): string => classColor(colorIndex[name]);

/** Compute in row-epochs (training rows x epochs), short: "1.2M". */
export const rowEpochs = (cost: number): string =>
  cost >= 1e6
    ? `${(cost / 1e6).toFixed(cost >= 1e7 ? 0 : 1)}M`
    : cost >= 1e3
      ? `${(cost / 1e3).toFixed(cost >= 1e4 ? 0 : 1)}k`
      : String(Math.round(cost));
