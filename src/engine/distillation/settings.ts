import { MNIST_CLASSES, MNIST_SHAPE } from '../data/mnist';
import { parameterCount } from '../models/count';
import { activations } from '../models/options';
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
import {
  adamLearningRateField,
  batchSizeField,
  mnistSamplesField,
  seedField,
} from '../settings/fields';

/** Every setting of the /distillation lab: URL, controls, worker and CLI. */
export const distillationSchema = {
  samples: mnistSamplesField(),
  teacherModel: choice({
    options: ['mlp', 'cnn'],
    optionLabels: ['MLP', 'CNN'],
    default: 'mlp',
    label: 'Teacher model',
    help: 'The large network whose soft targets the student learns from.',
  }),
  teacherHidden: intList({
    minLength: 1,
    maxLength: 4,
    min: 8,
    max: 2048,
    default: [256, 256],
    label: 'Teacher hidden layers',
    help: 'Units of the teacher’s hidden dense layers (after the convolutions for a CNN).',
  }),
  teacherFilters: number({
    min: 4,
    max: 32,
    integer: true,
    default: 16,
    label: 'Teacher CNN filters',
    help: 'Channels of the CNN teacher’s first convolution.',
  }),
  teacherDropout: number({
    min: 0,
    max: 0.8,
    step: 0.05,
    default: 0.3,
    label: 'Teacher dropout',
    help: 'Dropout in the teacher’s hidden layers, as in the paper’s teacher.',
  }),
  augment: boolean({
    default: true,
    label: 'Augment teacher data',
    help: 'Shift each training image by up to 2 pixels (the paper’s “jitter”).',
  }),
  teacherEpochs: number({
    min: 1,
    max: 100,
    integer: true,
    default: 8,
    label: 'Teacher epochs',
    help: 'Passes over the training rows for the teacher.',
  }),
  studentHidden: intList({
    minLength: 0,
    maxLength: 4,
    min: 1,
    max: 2048,
    default: [128],
    label: 'Student hidden layers',
    help: 'Units of the student’s hidden layers. The same student is trained from scratch and by distillation.',
  }),
  activation: choice({
    options: activations,
    default: 'relu',
    label: 'Activation',
    help: 'Non-linearity of every hidden layer.',
  }),
  studentEpochs: number({
    min: 1,
    max: 200,
    integer: true,
    default: 30,
    label: 'Student epochs',
    help: 'Passes over the transfer set, for both students.',
  }),
  temperature: number({
    min: 0.1,
    max: 50,
    step: 0.1,
    default: 4,
    label: 'Temperature T',
    help: 'Softens both softmaxes of the distillation term: softmax(z / T). Must be above 0.',
  }),
  alpha: number({
    min: 0,
    max: 1,
    step: 0.05,
    default: 0.7,
    label: 'Soft weight a',
    help: 'Loss = (1 - a) CE(labels) + a T² KL(teacher‖student), both at temperature T.',
  }),
  transferSet: choice({
    options: ['all', 'subset', 'without-digit'],
    optionLabels: ['All training rows', 'A subset', 'All but one digit'],
    default: 'all',
    label: 'Transfer set',
    help: 'What the students train on: everything, a share of it, or everything except one digit.',
  }),
  transferFraction: number({
    min: 0.01,
    max: 1,
    step: 0.01,
    default: 0.1,
    label: 'Subset share',
    help: 'Share of the training rows in a subset transfer set.',
  }),
  missingDigit: number({
    min: 0,
    max: 9,
    integer: true,
    default: 3,
    label: 'Missing digit',
    help: 'The digit left out of the transfer set (the paper left out 3).',
  }),
  learningRate: adamLearningRateField('Adam’s step size, for teacher and students.'),
  batchSize: batchSizeField(),
  seed: seedField('Seeds the split, the weights and the batch order; both students share theirs.'),
};

export type DistillationSettings = SettingsOf<typeof distillationSchema>;

/** MNIST image shape and classes. */

export const teacherSpec = (s: DistillationSettings, seed: number) =>
  s.teacherModel === 'cnn'
    ? {
        kind: 'cnn' as const,
        shape: MNIST_SHAPE,
        filters: s.teacherFilters,
        hidden: s.teacherHidden,
        activation: s.activation,
        outputs: MNIST_CLASSES,
        dropout: s.teacherDropout,
        seed,
      }
    : {
        kind: 'mlp' as const,
        inputs: 784,
        hidden: s.teacherHidden,
        activation: s.activation,
        outputs: MNIST_CLASSES,
        dropout: s.teacherDropout,
        seed,
      };

export const studentSpec = (s: DistillationSettings, seed: number) => ({
  kind: 'mlp' as const,
  inputs: 784,
  hidden: s.studentHidden,
  activation: s.activation,
  outputs: MNIST_CLASSES,
  dropout: 0,
  seed,
});

/**
 * Things worth saying about valid settings: a student at least as large as its teacher is allowed
 * (distillation then compresses nothing) but flagged.
 */
export function distillationWarnings(settings: DistillationSettings): string[] {
  const teacher = parameterCount(teacherSpec(settings, 0));
  const student = parameterCount(studentSpec(settings, 0));
  return student >= teacher
    ? [
        `The student (${student.toLocaleString('en')} parameters) is not smaller than the teacher (${teacher.toLocaleString('en')}): distillation usually compresses a large model into a small one.`,
      ]
    : [];
}

/**
 * Schema checks, with the reasons spelled out for the two settings the loss itself constrains:
 * T must be positive and a must be a weight in [0, 1].
 */
export function parseDistillationSettings(
  input: Record<string, unknown>,
): Parsed<DistillationSettings> {
  const parsed = parseSettings(distillationSchema, input);
  const issues: Issue[] = parsed.issues.map((issue) => {
    const value = input[issue.key];
    if (issue.key === 'temperature' && typeof value === 'number' && value <= 0) {
      return {
        ...issue,
        message: `temperature T = ${value} must be above 0: softmax(z / T) is undefined at T = 0 and inverts the ranking below it`,
      };
    }
    if (issue.key === 'alpha' && typeof value === 'number' && (value < 0 || value > 1)) {
      return {
        ...issue,
        message: `soft weight a = ${value} must lie in [0, 1]: the loss is (1 - a) * hard + a * soft`,
      };
    }
    return issue;
  });
  return { value: parsed.value, issues };
}

/** A CNN teacher needs the convolution's weight gradient, which tfjs's WASM backend lacks. */
export const distillationKernels = (config: Record<string, unknown>): string[] =>
  config.teacherModel === 'cnn' ? ['Conv2DBackpropFilter'] : [];
