import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Subset, Task } from '../data/types';

/** Cells per side of the decision-surface grid. */
export const SURFACE_RESOLUTION = 48;

/**
 * The model's output over a regular grid covering the 2-D data. Cell (i, j) is centred at
 * x1 = x1Min + (j + 0.5) * (x1Max - x1Min) / resolution, x2 = x2Min + (i + 0.5) * ..., row i = 0 at
 * x2Min. `values`: [resolution * resolution * outputs], softmax probabilities for classification
 * (outputs = classes) or predicted values for regression (outputs = 1).
 */
export interface Surface {
  resolution: number;
  extent: { x1Min: number; x1Max: number; x2Min: number; x2Max: number };
  outputs: number;
  values: Float32Array;
}

export interface SurfaceGrid {
  resolution: number;
  extent: Surface['extent'];
  /** Cell centres on the backend: [resolution^2, 2]. Caller disposes. */
  points: tf.Tensor2D;
}

/** A grid over the rows' bounding box plus a 10% margin on each side. */
export function surfaceGrid(rows: Subset, resolution = SURFACE_RESOLUTION): SurfaceGrid {
  let x1Min = Infinity;
  let x1Max = -Infinity;
  let x2Min = Infinity;
  let x2Max = -Infinity;
  for (let i = 0; i < rows.rows; i++) {
    x1Min = Math.min(x1Min, rows.x[2 * i]);
    x1Max = Math.max(x1Max, rows.x[2 * i]);
    x2Min = Math.min(x2Min, rows.x[2 * i + 1]);
    x2Max = Math.max(x2Max, rows.x[2 * i + 1]);
  }
  const pad1 = 0.1 * (x1Max - x1Min || 1);
  const pad2 = 0.1 * (x2Max - x2Min || 1);
  const extent = {
    x1Min: x1Min - pad1,
    x1Max: x1Max + pad1,
    x2Min: x2Min - pad2,
    x2Max: x2Max + pad2,
  };
  const centres = new Float32Array(resolution * resolution * 2);
  for (let i = 0; i < resolution; i++) {
    for (let j = 0; j < resolution; j++) {
      const k = 2 * (i * resolution + j);
      centres[k] = extent.x1Min + ((j + 0.5) * (extent.x1Max - extent.x1Min)) / resolution;
      centres[k + 1] = extent.x2Min + ((i + 0.5) * (extent.x2Max - extent.x2Min)) / resolution;
    }
  }
  return { resolution, extent, points: tf.tensor2d(centres, [resolution * resolution, 2]) };
}

/** Runs the model over the grid (inference mode). */
export async function predictSurface(
  model: tfl.LayersModel,
  grid: SurfaceGrid,
  task: Task,
): Promise<Surface> {
  const output = tf.tidy(() => {
    const raw = model.predict(grid.points) as tf.Tensor2D;
    return task === 'classification' ? tf.softmax(raw) : raw;
  });
  const values = (await output.data()) as Float32Array;
  const outputs = output.shape[1] ?? 1;
  output.dispose();
  return { resolution: grid.resolution, extent: grid.extent, outputs, values };
}
