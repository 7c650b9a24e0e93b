import type { Pathname } from '$app/types';

/** The labs that exist, for the home page and navigation. Add a lab here when its route lands. */
export interface LabEntry {
  route: Pathname;
  title: string;
  /** The title in the navigation bar. */
  short: string;
  week: number;
  /** What it teaches, in a sentence. */
  teaches: string;
}

export const labs: LabEntry[] = [
  {
    route: '/train',
    title: 'Train a network',
    short: 'Train',
    week: 1,
    teaches:
      'Pick data, layers, activation, learning rate and regularization, then watch a network learn: loss curves, the decision boundary and the confusion matrix, live.',
  },
  {
    route: '/tuning',
    title: 'Hyperparameter tuning',
    short: 'Tuning',
    week: 1,
    teaches:
      'Search an MLP’s hyperparameters with grid, random, Bayesian optimization and Hyperband on the same budget; watch trials train in parallel, get pruned, and see which settings mattered.',
  },
  {
    route: '/nas',
    title: 'Neural architecture search',
    short: 'NAS',
    week: 1,
    teaches:
      'Search cells and chains of layers with grid, random, Bayesian, evolutionary and reinforcement-learning strategies, estimate candidates cheaply (lower fidelity, learning curves, inherited weights) and compare strategies on a tabular benchmark in seconds.',
  },
  {
    route: '/automl',
    title: 'AutoML pipeline',
    short: 'AutoML',
    week: 1,
    teaches:
      'Drop in a CSV: watch it validated (schema, statistics, anomalies, skew), turned into features, searched over models and tested against a baseline; take the pipeline and predictions with you.',
  },
  {
    route: '/dimensionality',
    title: 'The curse of dimensionality',
    short: 'Dimensionality',
    week: 2,
    teaches:
      'Watch distances concentrate, accuracy peak and fall as features are added (the Hughes effect), and a cube empty out into its corners, as the number of dimensions grows.',
  },
  {
    route: '/reduction',
    title: 'Dimensionality reduction',
    short: 'Reduction',
    week: 2,
    teaches:
      'Reduce MNIST, tables, a TF-IDF text matrix or mixed sounds with PCA, truncated SVD, FastICA, NMF, LDA and PLS, and compare what each keeps.',
  },
  {
    route: '/quantization',
    title: 'Quantization',
    short: 'Quantization',
    week: 2,
    teaches:
      'Quantize one trained network every way TensorFlow Lite does (float16, dynamic int8, full integer with calibration, quantization-aware training at 2-16 bits) and see the accuracy, file size and speed each one costs.',
  },
  {
    route: '/pruning',
    title: 'Pruning',
    short: 'Pruning',
    week: 2,
    teaches:
      'Prune a network’s smallest weights on TF Model Optimization’s schedule, unstructured, in blocks or 2:4, and watch the masks spread, the accuracy hold or fall, and the compressed file shrink.',
  },
  {
    route: '/distributed',
    title: 'Distributed training',
    short: 'Distributed',
    week: 3,
    teaches:
      'Train one network on several Web Workers: one device, mirrored with a ring all-reduce, or a parameter server with stale gradients; see every worker’s time line, and kill one mid-step to watch the run recover.',
  },
  {
    route: '/pipeline',
    title: 'Input pipelines',
    short: 'Pipeline',
    week: 3,
    teaches:
      'Stream MNIST through decode, augment and batch in web workers into a training loop, sequentially, with prefetching, a parallel map and a cache, and see on measured timelines where the accelerator waits.',
  },
  {
    route: '/distillation',
    title: 'Knowledge distillation',
    short: 'Distillation',
    week: 3,
    teaches:
      'Train a big teacher on MNIST, then a small student from scratch and from the teacher’s softened outputs; see the “dark knowledge” in those outputs and the student learn a digit it never saw.',
  },
];
