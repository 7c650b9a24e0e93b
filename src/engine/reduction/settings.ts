import {
  boolean,
  choice,
  number,
  parseSettings,
  type Issue,
  type Parsed,
  type SettingsOf,
} from '../settings/schema';
import { seedField } from '../settings/fields';

export const reductionMethods = ['pca', 'truncated-svd', 'ica', 'nmf', 'lda', 'pls'] as const;
export type ReductionMethod = (typeof reductionMethods)[number];

/** Every setting of the /reduction lab. */
export const reductionSchema = {
  dataset: choice({
    options: [
      'mnist',
      'digits',
      'wine',
      'breast-cancer',
      'iris',
      'licenses',
      'cocktail-party',
      'csv',
    ],
    optionLabels: [
      'MNIST',
      'Digits (8x8)',
      'Wine',
      'Breast cancer',
      'Iris',
      'Licence texts (TF-IDF)',
      'Cocktail party (3 mixed signals)',
      'Your CSV file',
    ],
    default: 'digits',
    label: 'Data',
    help: 'Images, tables, a sparse TF-IDF matrix of licence paragraphs, three mixed audio signals, or your own CSV (numeric columns; a text column becomes the labels).',
  }),
  samples: number({
    min: 50,
    max: 10000,
    integer: true,
    default: 3000,
    label: 'Rows',
    help: 'Rows used (a seeded random subset); MNIST has 10,000.',
  }),
  method: choice({
    options: reductionMethods,
    optionLabels: ['PCA', 'Truncated SVD', 'FastICA', 'NMF', 'LDA', 'PLS regression'],
    default: 'pca',
    label: 'Method',
    help: 'PCA and SVD keep variance, ICA independence, NMF non-negative parts; LDA and PLS use the labels.',
  }),
  components: number({
    min: 1,
    max: 100,
    integer: true,
    default: 10,
    label: 'Components',
    help: 'How many dimensions to keep.',
  }),
  standardize: boolean({
    default: false,
    label: 'Standardize features',
    help: 'Scale each feature to unit variance first (PCA on the correlation matrix).',
  }),
  pcaSolver: choice({
    options: ['auto', 'covariance', 'gram', 'randomized'],
    optionLabels: [
      'auto',
      'covariance (exact)',
      'covariance + subspace iteration',
      'randomized SVD',
    ],
    default: 'auto',
    label: 'PCA solver',
    help: 'Exact eigen-decomposition of the covariance; its top components by subspace iteration (fast for many features and more rows than features); or randomized SVD (more features than rows, or a GPU to multiply on). Auto picks by shape and device.',
  }),
  whiten: boolean({
    default: false,
    label: 'Whiten (PCA)',
    help: 'Scale each component to unit variance.',
  }),
  icaFunction: choice({
    options: ['logcosh', 'exp', 'cube'],
    default: 'logcosh',
    label: 'ICA contrast',
    help: 'The non-Gaussianity FastICA maximizes.',
  }),
  icaAlgorithm: choice({
    options: ['parallel', 'deflation'],
    default: 'parallel',
    label: 'ICA algorithm',
    help: 'All components at once, or one after another.',
  }),
  nmfSolver: choice({
    options: ['cd', 'mu'],
    optionLabels: ['Coordinate descent', 'Multiplicative updates'],
    default: 'cd',
    label: 'NMF solver',
    help: 'Both minimize the Frobenius error.',
  }),
  compare: boolean({
    default: true,
    label: 'Compare methods',
    help: 'Also project the same rows to 2-D with every method that applies, side by side.',
  }),
  seed: seedField('Seeds the subset, the split and the randomized solvers.'),
};

export type ReductionSettings = SettingsOf<typeof reductionSchema>;

/** Methods that need class labels, and datasets that have none. */
export const supervised = (method: ReductionMethod) => method === 'lda' || method === 'pls';
export const unlabelled = (dataset: string) => dataset === 'cocktail-party';

/** Datasets whose rows are fixed (no sampling, no standardize choice). */
export const fixedData = (dataset: string) =>
  dataset === 'licenses' || dataset === 'cocktail-party';

export function parseReductionSettings(input: Record<string, unknown>): Parsed<ReductionSettings> {
  const parsed = parseSettings(reductionSchema, input);
  const value = { ...parsed.value };
  const issues: Issue[] = [...parsed.issues];
  if (supervised(value.method) && unlabelled(value.dataset)) {
    issues.push({
      key: 'method',
      message: `${value.method.toUpperCase()} needs class labels, which the cocktail-party signals do not have; using FastICA`,
    });
    value.method = 'ica';
  }
  return { value, issues };
}
