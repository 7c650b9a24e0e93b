import { datasetCards, datasetNames, isImageDataset } from '../data/catalog';
import { activations, initializers, optimizers } from '../models/options';
import {
  boolean,
  choice,
  intList,
  number,
  parseSettings,
  type Issue,
  type Parsed,
  type SettingsOf,
} from '../settings/schema';
import { seedField } from '../settings/fields';

/** Every setting of the /train lab: the URL, the controls, the worker and the CLI all use this. */
export const trainSchema = {
  dataset: choice({
    options: datasetNames,
    optionLabels: datasetNames.map((name) => datasetCards[name].title),
    default: 'circles',
    label: 'Dataset',
    help: 'Synthetic 2-D sets show a decision boundary; real ones are tables or images.',
  }),
  samples: number({
    min: 20,
    max: 10000,
    integer: true,
    default: 400,
    label: 'Samples',
    help: 'Rows generated (synthetic) or the most rows kept (real datasets, a seeded random subset).',
  }),
  noise: number({
    min: 0,
    max: 1,
    step: 0.01,
    default: 0.1,
    label: 'Noise',
    help: 'Standard deviation of the Gaussian noise added to synthetic data.',
  }),
  validationFraction: number({
    min: 0.05,
    max: 0.4,
    step: 0.05,
    default: 0.2,
    label: 'Validation share',
    help: 'Share of rows held out to watch over-fitting and for early stopping.',
  }),
  testFraction: number({
    min: 0.05,
    max: 0.4,
    step: 0.05,
    default: 0.2,
    label: 'Test share',
    help: 'Share of rows held out until the end for the final score and confusion matrix.',
  }),
  standardize: boolean({
    default: true,
    label: 'Standardize',
    help: 'Scale each feature to mean 0, std 1 using training rows (image pixels are always scaled to [0, 1] instead).',
  }),
  model: choice({
    options: ['mlp', 'cnn'],
    optionLabels: ['MLP', 'CNN (image data)'],
    default: 'mlp',
    label: 'Model',
    help: 'A multilayer perceptron, or a small convolutional network for image datasets.',
  }),
  hiddenLayers: intList({
    minLength: 0,
    maxLength: 6,
    min: 1,
    max: 512,
    default: [8, 8],
    label: 'Hidden layers',
    help: 'Units in each hidden dense layer, e.g. 8-8.',
  }),
  filters: number({
    min: 2,
    max: 32,
    integer: true,
    default: 8,
    label: 'CNN filters',
    help: 'Channels of the first convolution (the second has twice as many).',
  }),
  activation: choice({
    options: activations,
    default: 'relu',
    label: 'Activation',
    help: 'Non-linearity of hidden layers.',
  }),
  initializer: choice({
    options: initializers,
    optionLabels: ['Glorot uniform', 'He normal', 'LeCun normal'],
    default: 'glorotUniform',
    label: 'Weight initializer',
    help: 'How the weights start: Glorot suits tanh and sigmoid, He suits ReLU.',
  }),
  dropout: number({
    min: 0,
    max: 0.8,
    step: 0.05,
    default: 0,
    label: 'Dropout',
    help: 'Share of hidden units dropped in each training step.',
  }),
  l2: number({
    min: 0,
    max: 0.1,
    step: 0.0001,
    default: 0,
    label: 'L2',
    help: 'Weight decay: adds l2 * sum of squared weights to the loss.',
  }),
  optimizer: choice({
    options: optimizers,
    default: 'adam',
    label: 'Optimizer',
    help: 'Update rule: plain SGD, SGD with momentum 0.9, Adam or RMSProp.',
  }),
  learningRate: number({
    min: 1e-5,
    max: 1,
    scale: 'log',
    default: 0.01,
    label: 'Learning rate',
    help: 'Step size of the optimizer.',
  }),
  batchSize: number({
    min: 1,
    max: 1024,
    integer: true,
    default: 32,
    label: 'Batch size',
    help: 'Rows per optimizer step.',
  }),
  epochs: number({
    min: 1,
    max: 500,
    integer: true,
    default: 40,
    label: 'Epochs',
    help: 'Passes over the training rows.',
  }),
  patience: number({
    min: 0,
    max: 100,
    integer: true,
    default: 0,
    label: 'Early stopping patience',
    help: 'Stop after this many epochs without a better validation loss, and keep the best weights (0 = off).',
  }),
  seed: seedField('Seeds the data, split, initial weights, batch order and dropout.'),
};

export type TrainSettings = SettingsOf<typeof trainSchema>;

/** Rules between settings; a violation falls back to a valid value and is reported. */
function refineTrainSettings(settings: TrainSettings): Parsed<TrainSettings> {
  const value = { ...settings, hiddenLayers: [...settings.hiddenLayers] };
  const issues: Issue[] = [];
  if (value.model === 'cnn' && !isImageDataset(value.dataset)) {
    issues.push({
      key: 'model',
      message: `a CNN needs image data (digits or mnist), not ${value.dataset}; using the MLP`,
    });
    value.model = 'mlp';
  }
  if (value.validationFraction + value.testFraction > 0.6) {
    issues.push({
      key: 'testFraction',
      message: `validation + test shares (${value.validationFraction + value.testFraction}) leave too little to train; using 0.2 each`,
    });
    value.validationFraction = 0.2;
    value.testFraction = 0.2;
  }
  return { value, issues };
}

/** Parses and refines a partial config: what the worker, CLI and URL all accept. */
export function parseTrainSettings(input: Record<string, unknown>): Parsed<TrainSettings> {
  const parsed = parseSettings(trainSchema, input);
  const refined = refineTrainSettings(parsed.value);
  return { value: refined.value, issues: [...parsed.issues, ...refined.issues] };
}

/** Training a CNN needs the convolution's weight gradient, which tfjs's WASM backend lacks. */
export const trainKernels = (config: Record<string, unknown>): string[] =>
  config.model === 'cnn' ? ['Conv2DBackpropFilter'] : [];
