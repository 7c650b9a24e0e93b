import type { GpuOps } from '../lab';
import type { Rng } from '../rng';
import { dense, keepColumns, keepRows, multiply, transpose, type Dense } from './dense';
import { fitIca, type IcaAlgorithm, type IcaFunction } from './ica';
import { fitLda, transformLda } from './lda';
import { fitNmf, type NmfSolver } from './nmf';
import { fitPca, reconstructPca, transformPca, type PcaSolver } from './pca';
import { fitPls, transformPls } from './pls';
import type { ReductionMethod } from './settings';
import { csrFromDense, csrOperator, csrTotalVariance, type Csr } from './sparse';
import { fitTruncatedSvd } from './truncated-svd';

export interface MethodOptions {
  components: number;
  pcaSolver: PcaSolver | 'auto';
  whiten: boolean;
  icaFunction: IcaFunction;
  icaAlgorithm: IcaAlgorithm;
  nmfSolver: 'cd' | 'mu';
  rng: Rng;
  /** Our GPU kernels, when tfjs runs on WebGPU: PCA's randomized SVD multiplies there. */
  ops?: GpuOps;
}

/**
 * One fitted method, in a shape every view can use: `transform` maps rows to scores, `components`
 * are directions in feature space (rows [k, d]: principal axes, ICA unmixing rows, NMF parts,
 * LDA/PLS projection directions), `explainedVarianceRatio` where the method defines it, and
 * `reconstruct` where it has an inverse.
 */
export interface FittedReduction {
  method: ReductionMethod;
  components: number;
  transform(x: Dense): Dense;
  directions: Dense;
  explainedVarianceRatio: Float64Array | null;
  reconstruct: ((x: Dense, k: number) => Dense) | null;
  /** Anything the page should say about the fit (a clamped component count, convergence). */
  notes: string[];
}

const oneHot = (labels: ArrayLike<number>, classes: number): Dense => {
  const out = dense(labels.length, classes);
  for (let i = 0; i < labels.length; i++) out.data[i * classes + labels[i]] = 1;
  return out;
};

/** Fits `method` on the training rows x [n, d] (labels for LDA and PLS; sparse rows for SVD). */
export async function fitReduction(
  method: ReductionMethod,
  x: Dense,
  labels: Int32Array | null,
  classes: number,
  options: MethodOptions,
  sparse: Csr | null = null,
): Promise<FittedReduction> {
  const notes: string[] = [];
  const k = Math.min(options.components, x.cols, x.rows - 1);
  if (k < options.components)
    notes.push(
      `${options.components} components asked, ${k} possible: the data have ${x.cols} features`,
    );
  switch (method) {
    case 'pca': {
      // Auto: exact for up to 200 features; above, randomized SVD when its products can run on
      // the GPU or there are more features than rows, else the covariance's top eigenpairs
      // (cheap on sparse data).
      const solver =
        options.pcaSolver !== 'auto'
          ? options.pcaSolver
          : x.cols <= 200
            ? 'covariance'
            : options.ops?.residentMatrix || x.rows < x.cols
              ? 'randomized'
              : 'gram';
      const model = await fitPca(x, k, {
        solver,
        whiten: options.whiten,
        rng: options.rng,
        ops: options.ops,
      });
      notes.push(
        `solver: ${{ covariance: 'eigen-decomposition of the covariance', gram: "the covariance's top eigenpairs by subspace iteration", randomized: 'randomized SVD' }[solver]}`,
      );
      return {
        method,
        components: k,
        transform: (rows) => transformPca(model, rows),
        directions: model.components,
        explainedVarianceRatio: model.explainedVarianceRatio,
        reconstruct: (rows, keep) => reconstructPca(model, transformPca(model, rows), keep),
        notes,
      };
    }
    case 'truncated-svd': {
      const matrix = sparse ?? csrFromDense(x);
      const kk = Math.min(k, Math.min(matrix.rows, matrix.cols) - 1);
      const model = await fitTruncatedSvd(
        csrOperator(matrix),
        kk,
        csrTotalVariance(matrix),
        options.rng,
      );
      return {
        method,
        components: kk,
        transform: (rows) => multiply(rows, model.components, false, true),
        directions: model.components,
        explainedVarianceRatio: model.explainedVarianceRatio,
        reconstruct: (rows, keep) => {
          const scores = multiply(rows, model.components, false, true);
          return multiply(keepColumns(scores, keep), keepRows(model.components, keep));
        },
        notes,
      };
    }
    case 'ica': {
      const model = await fitIca(x, k, {
        fun: options.icaFunction,
        algorithm: options.icaAlgorithm,
        rng: options.rng,
      });
      if (!model.converged)
        notes.push(`FastICA did not converge in ${model.iterations} iterations`);
      return {
        method,
        components: k,
        transform: (rows) => {
          const centered = dense(rows.rows, rows.cols);
          for (let i = 0; i < rows.rows; i++)
            for (let j = 0; j < rows.cols; j++)
              centered.data[i * rows.cols + j] = rows.data[i * rows.cols + j] - model.mean[j];
          return multiply(centered, model.unmixing, false, true);
        },
        directions: model.unmixing,
        explainedVarianceRatio: null,
        reconstruct: null,
        notes,
      };
    }
    case 'nmf': {
      const model = await fitNmf(x, k, {
        solver: options.nmfSolver as NmfSolver,
        rng: options.rng,
      });
      notes.push(
        `Frobenius error ${model.reconstructionError.toFixed(3)} after ${model.iterations} iterations`,
      );
      // New rows: non-negative least squares for W with H fixed, by the same multiplicative rule.
      const transform = (rows: Dense) => nmfTransform(rows, model.h);
      return {
        method,
        components: k,
        transform,
        directions: model.h,
        explainedVarianceRatio: null,
        reconstruct: (rows) => multiply(transform(rows), model.h),
        notes,
      };
    }
    case 'lda': {
      if (!labels) throw new Error('LDA needs class labels');
      const model = fitLda(x, labels, classes);
      const kk = Math.min(k, model.scalings.cols);
      if (kk < k) notes.push(`LDA gives at most classes - 1 = ${model.scalings.cols} components`);
      return {
        method,
        components: kk,
        transform: (rows) => keepColumns(transformLda(model, rows), kk),
        directions: keepRows(transpose(model.scalings), kk),
        explainedVarianceRatio: model.explainedVarianceRatio.slice(0, kk),
        reconstruct: null,
        notes,
      };
    }
    case 'pls': {
      if (!labels) throw new Error('PLS needs targets');
      const model = fitPls(x, oneHot(labels, classes), k);
      notes.push('targets: one column per class (PLS-DA)');
      return {
        method,
        components: k,
        transform: (rows) => transformPls(model, rows),
        directions: transpose(model.xRotations),
        explainedVarianceRatio: null,
        reconstruct: null,
        notes,
      };
    }
  }
}

function nmfTransform(x: Dense, h: Dense, iterations = 200): Dense {
  const k = h.rows;
  const w = dense(x.rows, k, new Float64Array(x.rows * k).fill(0.1));
  const hht = multiply(h, h, false, true);
  const xht = multiply(x, h, false, true);
  for (let it = 0; it < iterations; it++) {
    const whht = multiply(w, hht);
    for (let i = 0; i < w.data.length; i++)
      w.data[i] *= xht.data[i] / Math.max(whht.data[i], 1e-12);
  }
  return w;
}
