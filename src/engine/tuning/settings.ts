import { initializers } from '../models/options';
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
import { seedField } from '../settings/fields';
import { strategies } from './search';
import type { Params, SearchSpace } from './space';

/** Datasets a trial can train on: classification sets small enough for many trials. */
export const tuningDatasets = [
  'digits',
  'mnist',
  'wine',
  'breast-cancer',
  'moons',
  'spirals',
] as const;

const searchedActivations = ['relu', 'tanh', 'sigmoid', 'elu'] as const;

/** Every setting of the /tuning lab: the objective, the strategies and budget, the search space. */
export const tuningSchema = {
  dataset: choice({
    options: tuningDatasets,
    optionLabels: ['Digits (8x8)', 'MNIST', 'Wine', 'Breast cancer', 'Moons', 'Spirals'],
    default: 'digits',
    label: 'Data',
    help: 'Each trial trains an MLP on this dataset and is scored by validation accuracy.',
  }),
  objective: choice({
    options: ['accuracy', 'loss'],
    optionLabels: ['Validation accuracy (highest)', 'Validation loss (lowest)'],
    default: 'accuracy',
    label: 'Objective',
    help: "What the search optimizes, after each epoch of each trial (as KerasTuner's val_accuracy or val_loss).",
  }),
  samples: number({
    min: 100,
    max: 10000,
    integer: true,
    default: 1500,
    label: 'Rows',
    help: 'Rows used (a seeded subset); 20% validate each trial, 20% are held out.',
  }),
  strategies: choiceList({
    options: strategies,
    optionLabels: ['Grid', 'Random', 'Bayesian (GP)', 'Hyperband'],
    minLength: 1,
    default: ['random', 'bayesian'],
    label: 'Strategies',
    help: 'Several run one after another on the same budget and seed, to compare them.',
  }),
  gridPoints: number({
    min: 1,
    max: 10,
    integer: true,
    default: 3,
    label: 'Grid points per range',
    help: 'Grid search tries this many values of each range (log-spaced on log ranges) and every option of each choice.',
  }),
  budgetKind: choice({
    options: ['trials', 'epochs'],
    optionLabels: ['Trials', 'Epochs (all trials)'],
    default: 'epochs',
    label: 'Budget in',
    help: 'Count trials, or the training epochs they spend (fair to Hyperband and pruning).',
  }),
  budget: number({
    min: 1,
    max: 2000,
    integer: true,
    default: 120,
    label: 'Budget',
    help: 'Per strategy.',
  }),
  maxEpochs: number({
    min: 1,
    max: 81,
    integer: true,
    default: 9,
    label: 'Epochs per trial',
    help: "A full trial's epochs; Hyperband's maximum resource R.",
  }),
  eta: number({
    min: 2,
    max: 5,
    integer: true,
    default: 3,
    label: 'Hyperband eta',
    help: 'Each round keeps the best 1/eta of its trials and trains them eta times longer.',
  }),
  prune: boolean({
    default: true,
    label: 'Median pruning',
    help: 'Stop random and Bayesian trials whose best score is below the median of finished trials at the same epoch.',
  }),
  initialTrials: number({
    min: 2,
    max: 30,
    integer: true,
    default: 5,
    label: 'Random trials before the GP',
    help: 'Bayesian optimization starts with this many random trials.',
  }),
  parallel: number({
    min: 1,
    max: 4,
    integer: true,
    default: 2,
    label: 'Trials at once',
    help: 'Each runs in its own worker.',
  }),
  learningRateMin: number({
    min: 1e-5,
    max: 1,
    scale: 'log',
    default: 1e-4,
    label: 'Learning rate from',
    help: 'Adam learning rate, searched log-uniformly.',
  }),
  learningRateMax: number({
    min: 1e-5,
    max: 1,
    scale: 'log',
    default: 0.1,
    label: 'Learning rate to',
    help: 'Equal bounds fix the value.',
  }),
  batchSizes: intList({
    minLength: 1,
    maxLength: 6,
    min: 1,
    max: 1024,
    default: [32, 64, 128],
    label: 'Batch sizes',
    itemLabel: 'Batch size',
    help: 'A choice among these.',
  }),
  unitsMin: number({
    min: 1,
    max: 512,
    integer: true,
    default: 8,
    label: 'Units from',
    help: 'Units per hidden layer, searched on a log scale.',
  }),
  unitsMax: number({
    min: 1,
    max: 512,
    integer: true,
    default: 128,
    label: 'Units to',
    help: 'Equal bounds fix the value.',
  }),
  layersMin: number({
    min: 1,
    max: 4,
    integer: true,
    default: 1,
    label: 'Hidden layers from',
    help: 'Number of hidden layers (all of the same width).',
  }),
  layersMax: number({
    min: 1,
    max: 4,
    integer: true,
    default: 3,
    label: 'Hidden layers to',
    help: 'Equal bounds fix the value.',
  }),
  activations: choiceList({
    options: searchedActivations,
    minLength: 0,
    default: ['relu', 'tanh'],
    label: 'Activations',
    help: 'A choice among the ticked ones.',
  }),
  initializers: choiceList({
    options: initializers,
    optionLabels: ['Glorot uniform', 'He normal', 'LeCun normal'],
    minLength: 0,
    default: ['glorotUniform', 'heNormal'],
    label: 'Weight initializers',
    help: 'A choice among the ticked ones.',
  }),
  dropoutMin: number({
    min: 0,
    max: 0.8,
    default: 0,
    label: 'Dropout from',
    help: 'Searched uniformly.',
  }),
  dropoutMax: number({
    min: 0,
    max: 0.8,
    default: 0.3,
    label: 'Dropout to',
    help: 'Equal bounds fix the value.',
  }),
  l2Min: number({
    min: 0,
    max: 0.1,
    default: 0,
    label: 'L2 from',
    help: 'Weight decay, searched uniformly.',
  }),
  l2Max: number({
    min: 0,
    max: 0.1,
    default: 0,
    label: 'L2 to',
    help: 'Equal bounds fix the value (0: no L2).',
  }),
  seed: seedField('Seeds the data split, every strategy and every trial.'),
};

export type TuningSettings = SettingsOf<typeof tuningSchema>;

export function parseTuningSettings(input: Record<string, unknown>): Parsed<TuningSettings> {
  return parseSettings(tuningSchema, input);
}

/**
 * The search space the settings describe, and the values they fix: a range whose bounds are
 * equal, and a choice with a single option, are fixed rather than searched. Problems (min above
 * max, no activation ticked, an empty space) come back as messages; the run must not start.
 */
export function buildSpace(s: TuningSettings): {
  space: SearchSpace;
  fixed: Params;
  problems: string[];
} {
  const space: SearchSpace = [];
  const fixed: Params = {};
  const problems: string[] = [];
  const range = (
    name: string,
    label: string,
    min: number,
    max: number,
    kind: 'float' | 'int',
    log: boolean,
  ) => {
    if (min > max) problems.push(`${label}: "from" (${min}) is above "to" (${max})`);
    else if (min === max) fixed[name] = min;
    else space.push({ name, kind, min, max, log, gridPoints: s.gridPoints });
  };
  const choices = (name: string, label: string, options: (string | number)[]) => {
    if (options.length === 0) problems.push(`${label}: tick at least one`);
    else if (options.length === 1) fixed[name] = options[0];
    else space.push({ name, kind: 'choice', options });
  };
  range('learningRate', 'Learning rate', s.learningRateMin, s.learningRateMax, 'float', true);
  choices('batchSize', 'Batch sizes', [...new Set(s.batchSizes)]);
  range('units', 'Units', s.unitsMin, s.unitsMax, 'int', true);
  range('layers', 'Hidden layers', s.layersMin, s.layersMax, 'int', false);
  choices('activation', 'Activations', s.activations);
  choices('initializer', 'Weight initializers', s.initializers);
  range('dropout', 'Dropout', s.dropoutMin, s.dropoutMax, 'float', false);
  range('l2', 'L2', s.l2Min, s.l2Max, 'float', false);
  if (problems.length === 0 && space.length === 0)
    problems.push('the search space is empty: every setting is fixed; widen at least one range');
  return { space, fixed, problems };
}

/** Issues for the URL notice and the CLI: the schema's, plus the space's problems. */
export function tuningIssues(s: TuningSettings): Issue[] {
  return buildSpace(s).problems.map((message) => ({ key: 'space', message }));
}

/**
 * The /train config of one trial: an Adam-trained MLP of `layers` hidden layers of `units`, on
 * the tuning data split (60% train, 20% validation, 20% test), for `epochs` epochs, no early
 * stopping; the trial's score is its validation accuracy, or minus its validation loss, after
 * each epoch (the search maximizes it).
 */
export function trialConfig(
  s: TuningSettings,
  params: Params,
  epochs: number,
): Record<string, unknown> {
  const p = { ...params } as Record<string, number | string>;
  return {
    dataset: s.dataset,
    samples: s.samples,
    noise: 0.1,
    validationFraction: 0.2,
    testFraction: 0.2,
    standardize: true,
    model: 'mlp',
    hiddenLayers: Array.from({ length: Number(p.layers) }, () => Number(p.units)),
    activation: p.activation,
    initializer: p.initializer,
    dropout: Number(p.dropout),
    l2: Number(p.l2),
    optimizer: 'adam',
    learningRate: Number(p.learningRate),
    batchSize: Number(p.batchSize),
    epochs,
    patience: 0,
    seed: s.seed,
  };
}
