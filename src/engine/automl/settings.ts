import {
  boolean,
  choice,
  number,
  parseSettings,
  type Parsed,
  type SettingsOf,
} from '../settings/schema';
import { seedField } from '../settings/fields';
import type { SearchSpace } from '../tuning/space';

/** Every setting of the AutoML pipeline (the target column is chosen by name, not in a list). */
export const automlSchema = {
  dataset: choice({
    options: ['csv', 'wine', 'breast-cancer', 'iris'],
    optionLabels: ['Your CSV file', 'Wine', 'Breast cancer', 'Iris'],
    default: 'wine',
    label: 'Data',
    help: 'A built-in table, or your CSV (any columns; missing cells allowed).',
  }),
  targetIndex: number({
    min: -1,
    max: 999,
    integer: true,
    default: -1,
    label: 'Target column',
    help: 'Position of the column to predict, from 0; -1 is the last column.',
  }),
  strategy: choice({
    options: ['random', 'bayesian'],
    optionLabels: ['Random search', 'Bayesian optimization'],
    default: 'bayesian',
    label: 'Model search',
    help: 'Searches model family (linear or MLP), width, depth, learning rate and L2.',
  }),
  trials: number({
    min: 2,
    max: 200,
    integer: true,
    default: 12,
    label: 'Trials',
    help: 'Models trained in the search.',
  }),
  timeLimit: number({
    min: 0,
    max: 3600,
    integer: true,
    default: 0,
    label: 'Time limit (s)',
    help: 'No new model starts after this many seconds of search; 0 for none.',
  }),
  selectFeatures: number({
    min: 0,
    max: 1000,
    integer: true,
    default: 0,
    label: 'Keep best inputs',
    help: 'Feature selection: keep this many model inputs with the highest univariate score (ANOVA F for classes, |correlation| for numbers) on the training rows; 0 keeps all.',
  }),
  epochs: number({
    min: 1,
    max: 200,
    integer: true,
    default: 30,
    label: 'Epochs per trial',
    help: 'Adam, batch size 32.',
  }),
  impute: choice({
    options: ['median', 'mean'],
    default: 'median',
    label: 'Fill missing numbers with',
    help: 'Learned on the training rows only; missing categories get no one-hot bit.',
  }),
  standardize: boolean({
    default: true,
    label: 'Standardize numbers',
    help: 'Mean 0, variance 1, learned on the training rows.',
  }),
  maxCategories: number({
    min: 1,
    max: 100,
    integer: true,
    default: 20,
    label: 'One-hot categories kept',
    help: 'The most frequent per column; the rest share an "other" column.',
  }),
  dropFlagged: boolean({
    default: true,
    label: 'Leave out flagged columns',
    help: 'Constant, empty and label-leakage suspects found by validation.',
  }),
  seed: seedField('Seeds the split, the search and every model.'),
};

export type AutomlSettings = SettingsOf<typeof automlSchema>;

export const parseAutomlSettings = (input: Record<string, unknown>): Parsed<AutomlSettings> =>
  parseSettings(automlSchema, input);

/** Model search space: a linear model or an MLP, its width and depth, learning rate, L2. */
export const modelSpace: SearchSpace = [
  { name: 'family', kind: 'choice', options: ['linear', 'mlp'] },
  { name: 'units', kind: 'int', min: 8, max: 128, log: true, gridPoints: 3 },
  { name: 'layers', kind: 'int', min: 1, max: 3, log: false, gridPoints: 3 },
  { name: 'learningRate', kind: 'float', min: 1e-3, max: 0.1, log: true, gridPoints: 3 },
  { name: 'l2', kind: 'float', min: 0, max: 0.01, log: false, gridPoints: 3 },
];
