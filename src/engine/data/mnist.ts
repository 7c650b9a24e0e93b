import { throwIfAborted } from '../abort';
import type { Rng } from '../rng';
import type { DatasetLoader } from './load';
import { splitIndices, takeRows, type SplitIndices } from './split';
import type { Dataset, Subset } from './types';

/** One MNIST image as a CNN takes it, [height, width, channels]. */
export const MNIST_SHAPE: [number, number, number] = [28, 28, 1];
export const MNIST_CLASSES = 10;

/** The split of the labs that train on MNIST: 10% validation, 20% test, stratified. */
export const MNIST_LAB_SPLIT = { validation: 0.1, test: 0.2 };

/**
 * The data of a lab that trains on MNIST: a seeded subset of `samples` of the shipped digits (the
 * loader's subset, seeded by rng.seed()), then its stratified MNIST_LAB_SPLIT drawn from the same
 * rng, so a lab's later seeds follow from the same stream. Throws if `signal` aborts meanwhile.
 */
export async function loadMnistSplit(
  data: Pick<DatasetLoader, 'load'>,
  samples: number,
  rng: Rng,
  signal?: AbortSignal,
): Promise<{ mnist: Dataset; split: SplitIndices }> {
  const mnist = await data.load('mnist', { samples, noise: 0, seed: rng.seed() });
  throwIfAborted(signal);
  return { mnist, split: splitIndices(mnist, MNIST_LAB_SPLIT, rng) };
}

/** Each split's rows, copied: x [rows, 784], y [rows]. */
export const splitRows = (
  dataset: Pick<Dataset, 'x' | 'y' | 'features'>,
  split: SplitIndices,
): { train: Subset; validation: Subset; test: Subset } => ({
  train: takeRows(dataset, split.train),
  validation: takeRows(dataset, split.validation),
  test: takeRows(dataset, split.test),
});
