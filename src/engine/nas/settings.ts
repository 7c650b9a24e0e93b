import {
  boolean,
  choice,
  choiceList,
  intList,
  number,
  parseSettings,
  type Issue,
  type Parsed,
  type SettingsOf,
} from '../settings/schema';
import { spaceProblems, spaceSize, type NasSpace } from './space';
import { nasStrategies } from './strategies';
import { cellOps, macroActivations } from './types';

export const estimators = ['full', 'low-fidelity', 'learning-curve', 'inheritance'] as const;
export type Estimator = (typeof estimators)[number];

/** Every setting of the /nas lab: URL, controls, worker and CLI. */
export const nasSchema = {
  mode: choice({
    options: ['tabular', 'live'],
    optionLabels: ['Tabular benchmark (instant)', 'Live training'],
    default: 'tabular',
    label: 'Mode',
    help: 'Look scores up in our tabular benchmark (every cell trained on 3000 MNIST digits at 7 x 7, 3 seeds) or train each candidate now.',
  }),
  space: choice({
    options: ['micro', 'macro'],
    optionLabels: ['Micro: a cell', 'Macro: a chain of layers'],
    default: 'micro',
    label: 'Search space',
    help: 'A 4-node cell whose 6 edges each choose an operation, stacked; or a chain of layers, each with its width, activation and skip. The tabular benchmark covers the micro space.',
  }),
  ops: choiceList({
    options: cellOps,
    optionLabels: ['zero (no edge)', 'skip (identity)', 'dense + ReLU'],
    minLength: 0,
    default: [...cellOps],
    label: 'Cell operations',
    help: 'Operations an edge of the cell may choose.',
  }),
  cells: number({
    min: 1,
    max: 3,
    integer: true,
    default: 1,
    label: 'Cells stacked',
    help: 'Micro: how many copies of the cell the network stacks (live training).',
  }),
  width: number({
    min: 4,
    max: 256,
    integer: true,
    default: 32,
    label: 'Cell width',
    help: 'Micro: units of every node of the cell (live training).',
  }),
  minLayers: number({
    min: 1,
    max: 6,
    integer: true,
    default: 1,
    label: 'Fewest layers',
    help: 'Macro: the shallowest chain.',
  }),
  maxLayers: number({
    min: 1,
    max: 6,
    integer: true,
    default: 3,
    label: 'Most layers',
    help: 'Macro: the deepest chain.',
  }),
  widths: intList({
    minLength: 0,
    maxLength: 6,
    min: 1,
    max: 1024,
    default: [16, 32, 64, 128],
    label: 'Layer widths',
    help: 'Macro: widths a layer may have.',
    itemLabel: 'Width',
  }),
  activations: choiceList({
    options: macroActivations,
    minLength: 0,
    default: ['relu', 'tanh'],
    label: 'Activations',
    help: 'Macro: activations a layer may use.',
  }),
  skips: boolean({
    default: true,
    label: 'Skip connections',
    help: 'Macro: whether a layer may add its input to its output.',
  }),
  strategies: choiceList({
    options: nasStrategies,
    optionLabels: [
      'Grid',
      'Random',
      'Bayesian (GP)',
      'Regularized evolution',
      'Reinforcement learning',
    ],
    minLength: 1,
    default: ['random', 'evolution', 'reinforce'],
    label: 'Strategies',
    help: 'Each runs on the same budget; in tabular mode each is repeated over many seeds. Bayesian search conditions a Gaussian process for every suggestion: about 0.35 s per repeat of 60 evaluations here, so its comparison takes about 10 s.',
  }),
  budget: number({
    min: 0,
    max: 1000,
    integer: true,
    default: 60,
    label: 'Budget (evaluations)',
    help: 'Architectures each strategy may evaluate.',
  }),
  repeats: number({
    min: 1,
    max: 200,
    integer: true,
    default: 30,
    label: 'Repeats',
    help: 'Tabular mode: seeds per strategy, for the spread.',
  }),
  estimator: choice({
    options: estimators,
    optionLabels: [
      'Full training',
      'Lower fidelity',
      'Learning-curve extrapolation',
      'Weight inheritance',
    ],
    default: 'full',
    label: 'Performance estimation',
    help: 'How a candidate is scored: trained fully, trained cheaply, extrapolated from its first epochs, or (macro, live) started from its trained parent’s weights.',
  }),
  fidelityEpochs: number({
    min: 1,
    max: 50,
    integer: true,
    default: 3,
    label: 'Low-fidelity epochs',
    help: 'Epochs for lower-fidelity estimates (and the fine-tuning of inherited weights).',
  }),
  dataFraction: number({
    min: 0.05,
    max: 1,
    step: 0.05,
    default: 0.5,
    label: 'Data fraction',
    help: 'Lower fidelity, live: share of the training rows.',
  }),
  widthMultiplier: number({
    min: 0.125,
    max: 1,
    step: 0.125,
    default: 0.5,
    label: 'Width multiplier',
    help: 'Lower fidelity, live: every layer this much narrower.',
  }),
  resolution: choice({
    options: ['1', '0.5'],
    optionLabels: ['Full', 'Half'],
    default: '1',
    label: 'Resolution',
    help: 'Lower fidelity, live: images downsampled by 2 x 2 averaging.',
  }),
  curveEpochs: number({
    min: 2,
    max: 20,
    integer: true,
    default: 4,
    label: 'Observed epochs',
    help: 'Learning-curve extrapolation: epochs trained before the curve is extrapolated.',
  }),
  dataset: choice({
    options: ['digits', 'mnist'],
    optionLabels: ['Digits (8 x 8)', 'MNIST (28 x 28)'],
    default: 'digits',
    label: 'Dataset',
    help: 'Live training data (the tabular benchmark is on MNIST at 7 x 7).',
  }),
  epochs: number({
    min: 1,
    max: 50,
    integer: true,
    default: 12,
    label: 'Full epochs',
    help: 'Epochs of full training (the tabular benchmark’s length in tabular mode).',
  }),
  population: number({
    min: 2,
    max: 200,
    integer: true,
    default: 10,
    label: 'Population',
    help: 'Regularized evolution: members alive at once.',
  }),
  sample: number({
    min: 1,
    max: 200,
    integer: true,
    default: 3,
    label: 'Tournament size',
    help: 'Regularized evolution: members sampled to pick each parent.',
  }),
  controllerLearningRate: number({
    min: 0.001,
    max: 5,
    scale: 'log',
    default: 0.5,
    label: 'Controller learning rate',
    help: 'Reinforcement learning: step size of the REINFORCE update.',
  }),
  learningRate: number({
    min: 1e-4,
    max: 0.1,
    scale: 'log',
    default: 0.01,
    label: 'Learning rate',
    help: 'Adam’s step size when training candidates.',
  }),
  batchSize: number({
    min: 8,
    max: 512,
    integer: true,
    default: 64,
    label: 'Batch size',
    help: 'Rows per optimizer step.',
  }),
  seed: number({
    min: 0,
    max: 2147483647,
    integer: true,
    default: 1,
    label: 'Seed',
    help: 'Seeds the search, the data split and every candidate’s weights.',
  }),
};

export type NasSettings = SettingsOf<typeof nasSchema>;

/** The space the settings restrict the search to. */
export const nasSpace = (s: NasSettings): NasSpace =>
  s.space === 'micro'
    ? { kind: 'micro', ops: s.ops }
    : {
        kind: 'macro',
        minLayers: s.minLayers,
        maxLayers: s.maxLayers,
        widths: s.widths,
        activations: s.activations,
        skips: s.skips,
      };

/**
 * Schema checks, plus what the lab itself refuses: a budget of zero, the tabular benchmark for the
 * macro space (it covers cells only), weight inheritance outside the live macro space (morphisms
 * edit chains of trained layers), a tournament larger than the population.
 */
export function parseNasSettings(input: Record<string, unknown>): Parsed<NasSettings> {
  const parsed = parseSettings(nasSchema, input);
  const s = parsed.value;
  const issues: Issue[] = [...parsed.issues];
  if (s.budget === 0)
    issues.push({
      key: 'budget',
      message: 'The budget is 0 evaluations: a search needs at least one architecture to evaluate',
    });
  if (s.mode === 'tabular' && s.space === 'macro')
    issues.push({
      key: 'space',
      message:
        'The tabular benchmark covers the micro (cell) space only: choose live training for the macro space',
    });
  if (s.estimator === 'inheritance' && (s.mode !== 'live' || s.space !== 'macro'))
    issues.push({
      key: 'estimator',
      message:
        'Weight inheritance needs live training in the macro space: a child inherits its trained parent’s layers through network morphisms',
    });
  if (s.sample > s.population)
    issues.push({
      key: 'sample',
      message: `a tournament of ${s.sample} cannot be drawn from a population of ${s.population}`,
    });
  if (s.estimator === 'learning-curve' && s.curveEpochs >= s.epochs)
    issues.push({
      key: 'curveEpochs',
      message: `observing ${s.curveEpochs} of ${s.epochs} epochs leaves nothing to extrapolate`,
    });
  const space = nasSpace(s);
  const problems = spaceProblems(space);
  for (const message of problems)
    issues.push({ key: s.space === 'micro' ? 'ops' : 'widths', message });
  if (problems.length === 0 && s.strategies.includes('grid') && spaceSize(space) > GRID_LIMIT)
    issues.push({
      key: 'strategies',
      message: `The space has ${spaceSize(space).toLocaleString('en')} architectures, more than the grid limit ${GRID_LIMIT.toLocaleString('en')}: use another strategy or restrict the space`,
    });
  return { value: s, issues };
}

/** The most architectures a grid search enumerates. */
export const GRID_LIMIT = 5000;
