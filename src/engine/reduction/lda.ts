import { SingularValueDecomposition } from 'ml-matrix';
import { dense, fromMatrix, keepColumns, multiply, toMatrix, type Dense } from './dense';
import { thinSvd } from './pca';

/**
 * Linear discriminant analysis, following scikit-learn's LinearDiscriminantAnalysis(solver='svd')
 * step for step: whiten the within-class scatter by an SVD of the class-centred, per-feature
 * standardized data, then take the SVD of the whitened class means (weighted by priors). The
 * projection keeps min(classes - 1, features) directions, ordered by between-class variance;
 * as a classifier it picks the class with the largest linear discriminant.
 */
export interface LdaModel {
  classes: number;
  priors: Float64Array;
  /** Class means [classes, d]. */
  means: Dense;
  /** Overall mean xbar = priors @ means [d]. */
  xbar: Float64Array;
  /** Projection [d, components]. */
  scalings: Dense;
  explainedVarianceRatio: Float64Array;
  /** Discriminant coefficients [classes, d] and intercepts [classes]. */
  coef: Dense;
  intercept: Float64Array;
}

const TOL = 1e-4;

export function fitLda(x: Dense, y: ArrayLike<number>, classes: number): LdaModel {
  const { rows: n, cols: d } = x;
  const counts = new Float64Array(classes);
  const means = dense(classes, d);
  for (let i = 0; i < n; i++) {
    counts[y[i]]++;
    for (let j = 0; j < d; j++) means.data[y[i] * d + j] += x.data[i * d + j];
  }
  if (counts.some((c) => c === 0)) throw new Error('LDA needs at least one row of every class');
  for (let c = 0; c < classes; c++) for (let j = 0; j < d; j++) means.data[c * d + j] /= counts[c];
  const priors = counts.map((c) => c / n);
  const xbar = new Float64Array(d);
  for (let c = 0; c < classes; c++)
    for (let j = 0; j < d; j++) xbar[j] += priors[c] * means.data[c * d + j];

  // Within-class centred data, standardized per feature, scaled by sqrt(1 / (n - classes)).
  const centered = dense(n, d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++)
      centered.data[i * d + j] = x.data[i * d + j] - means.data[y[i] * d + j];
  const std = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += centered.data[i * d + j];
    mean /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (centered.data[i * d + j] - mean) ** 2;
    std[j] = Math.sqrt(v / n) || 1;
  }
  const fac = Math.sqrt(1 / (n - classes));
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) centered.data[i * d + j] *= fac / std[j];
  const within = thinSvd(centered);
  const s1 = within.s;
  const rank = s1.filter((s) => s > TOL).length;
  const order1 = s1
    .map((_, i) => i)
    .sort((i, j) => s1[j] - s1[i])
    .slice(0, rank);
  // scalings = (Vt[:rank] / std).T / S[:rank]: [d, rank].
  const scalings1 = dense(d, rank);
  order1.forEach((col, r) => {
    for (let j = 0; j < d; j++)
      scalings1.data[j * rank + r] = within.vt.data[col * d + j] / std[j] / s1[col];
  });

  // Between-class: sqrt(n priors / (classes - 1)) (means - xbar), whitened.
  const between = dense(classes, d);
  const bfac = classes === 1 ? 1 : 1 / (classes - 1);
  for (let c = 0; c < classes; c++) {
    const w = Math.sqrt(n * priors[c] * bfac);
    for (let j = 0; j < d; j++) between.data[c * d + j] = w * (means.data[c * d + j] - xbar[j]);
  }
  const projected = multiply(between, scalings1);
  const svd2 = new SingularValueDecomposition(toMatrix(projected), { autoTranspose: true });
  const s2 = svd2.diagonal;
  const v2 = fromMatrix(svd2.rightSingularVectors);
  const order2 = s2.map((_, i) => i).sort((i, j) => s2[j] - s2[i]);
  const total = s2.reduce((sum, s) => sum + s * s, 0);
  const components = Math.min(classes - 1, d);
  const rank2 = order2.filter((i) => s2[i] > TOL * s2[order2[0]]).length;
  const scalings = dense(d, rank2);
  const rotation = dense(rank, rank2);
  order2.slice(0, rank2).forEach((col, r) => {
    for (let j = 0; j < rank; j++) rotation.data[j * rank2 + r] = v2.data[j * v2.cols + col];
  });
  const full = multiply(scalings1, rotation);
  scalings.data.set(full.data);

  // Discriminants: coef = (means - xbar) S S^T, intercept = -0.5 |(means - xbar) S|^2 + ln priors - xbar coef^T.
  const centeredMeans = dense(classes, d);
  for (let c = 0; c < classes; c++)
    for (let j = 0; j < d; j++) centeredMeans.data[c * d + j] = means.data[c * d + j] - xbar[j];
  const meansProjected = multiply(centeredMeans, scalings);
  const coef = multiply(meansProjected, scalings, false, true);
  const intercept = new Float64Array(classes);
  for (let c = 0; c < classes; c++) {
    let square = 0;
    for (let r = 0; r < rank2; r++) square += meansProjected.data[c * rank2 + r] ** 2;
    let shift = 0;
    for (let j = 0; j < d; j++) shift += xbar[j] * coef.data[c * d + j];
    intercept[c] = -0.5 * square + Math.log(priors[c]) - shift;
  }
  return {
    classes,
    priors,
    means,
    xbar,
    scalings: keepColumns(scalings, Math.min(components, rank2)),
    explainedVarianceRatio: Float64Array.from(
      order2.slice(0, components),
      (i) => (s2[i] * s2[i]) / total,
    ),
    coef,
    intercept,
  };
}

/** Projection (X - xbar) @ scalings: [n, components]. */
export function transformLda(model: LdaModel, x: Dense): Dense {
  const centered = dense(x.rows, x.cols);
  for (let i = 0; i < x.rows; i++)
    for (let j = 0; j < x.cols; j++)
      centered.data[i * x.cols + j] = x.data[i * x.cols + j] - model.xbar[j];
  return multiply(centered, model.scalings);
}

/** Predicted class of each row: argmax_c x . coef_c + intercept_c. */
export function predictLda(model: LdaModel, x: Dense): Int32Array {
  const scores = multiply(x, model.coef, false, true);
  return Int32Array.from({ length: x.rows }, (_, i) => {
    let best = 0;
    for (let c = 1; c < model.classes; c++) {
      if (
        scores.data[i * model.classes + c] + model.intercept[c] >
        scores.data[i * model.classes + best] + model.intercept[best]
      )
        best = c;
    }
    return best;
  });
}
