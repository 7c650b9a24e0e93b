import { choice, number, parseSettings, type Parsed, type SettingsOf } from '../settings/schema';
import { seedField } from '../settings/fields';

/** Every setting of the /dimensionality lab. */
export const dimensionalitySchema = {
  distribution: choice({
    options: ['uniform', 'gaussian', 'digits', 'mnist'],
    optionLabels: [
      'Uniform in the unit cube',
      'Standard Gaussian',
      'Digits + noise features',
      'MNIST + noise features',
    ],
    default: 'uniform',
    label: 'Points',
    help: 'Where the points come from. Real data keeps d of its (standardized) features, or adds N(0, 1) noise features beyond its own.',
  }),
  points: number({
    min: 20,
    max: 2000,
    integer: true,
    default: 400,
    label: 'Points per dimension',
    help: 'Points sampled at each dimension d; distances are computed between all pairs.',
  }),
  maxDimension: number({
    min: 10,
    max: 4096,
    integer: true,
    default: 1000,
    label: 'Largest d',
    help: 'The curves go from d = 1 to this, on a log scale.',
  }),
  trainPerClass: number({
    min: 2,
    max: 500,
    integer: true,
    default: 20,
    label: 'Training samples per class',
    help: 'Hughes effect: the fixed training set size; a second curve uses 4 times as many.',
  }),
  maxFeatures: number({
    min: 10,
    max: 500,
    integer: true,
    default: 300,
    label: 'Most features',
    help: 'Hughes effect: features are added in order: informative, redundant, then noise.',
  }),
  informative: number({
    min: 1,
    max: 300,
    integer: true,
    default: 50,
    label: 'Informative features',
    help: 'Feature j separates the classes by 2 / sqrt(j) (Trunk 1979): each adds less.',
  }),
  redundant: number({
    min: 0,
    max: 300,
    integer: true,
    default: 50,
    label: 'Redundant features',
    help: 'Mixtures of two informative features plus noise: little new information.',
  }),
  neighbours: number({
    min: 1,
    max: 25,
    integer: true,
    default: 5,
    label: 'k (nearest neighbours)',
    help: 'Hughes effect: k of the k-NN classifier.',
  }),
  repeats: number({
    min: 1,
    max: 50,
    integer: true,
    default: 8,
    label: 'Repeats',
    help: 'Hughes effect: accuracies are averaged over this many freshly drawn training sets.',
  }),
  seed: seedField('Seeds every sample.'),
};

export type DimensionalitySettings = SettingsOf<typeof dimensionalitySchema>;

export const parseDimensionalitySettings = (
  input: Record<string, unknown>,
): Parsed<DimensionalitySettings> => parseSettings(dimensionalitySchema, input);
