import { number } from './schema';

/**
 * Fields several labs share, so their ranges, labels and help read the same everywhere. Each is a
 * function: a schema owns its field objects.
 */

/** A lab's seed: any 31-bit integer (default 1); `help` says what it seeds. */
export const seedField = (help: string) =>
  number({ min: 0, max: 2147483647, integer: true, default: 1, label: 'Seed', help });

/** How many of the 10,000 shipped MNIST digits an MNIST lab uses (see loadMnistSplit). */
export const mnistSamplesField = () =>
  number({
    min: 1000,
    max: 10000,
    integer: true,
    default: 10000,
    label: 'MNIST rows',
    help: 'Rows of the 10,000 MNIST digits used (a seeded random subset); 20% of them are the test set.',
  });

/** Adam's step size, 1e-5 to 0.1 on a log scale (default 0.001). */
export const adamLearningRateField = (help = 'Adam’s step size.') =>
  number({
    min: 1e-5,
    max: 0.1,
    scale: 'log',
    default: 0.001,
    label: 'Learning rate',
    help,
  });

/** Rows per optimizer step, 8 to 1024 (default 128). */
export const batchSizeField = () =>
  number({
    min: 8,
    max: 1024,
    integer: true,
    default: 128,
    label: 'Batch size',
    help: 'Rows per optimizer step.',
  });
