/** What a model learns: a class label (classification) or a real number (regression). */
export type Task = 'classification' | 'regression';

/**
 * A dataset in memory. Features are row-major float32, `x: [rows, features]`; for images,
 * `shape` gives [height, width, channels] with height * width * channels = features.
 * `y: [rows]` holds class indices (Int32Array) or regression targets (Float32Array).
 */
export interface Dataset {
  name: string;
  task: Task;
  rows: number;
  features: number;
  x: Float32Array;
  y: Int32Array | Float32Array;
  /** Class names, index = label; empty for regression. */
  classes: string[];
  featureNames: string[];
  shape: [number, number, number] | null;
}

/** Rows of a dataset selected by index, e.g. one split. */
export interface Subset {
  x: Float32Array;
  y: Int32Array | Float32Array;
  rows: number;
}
