import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { fromFloat32, dense, type Dense } from '../../src/engine/reduction/dense';
import { fitIca } from '../../src/engine/reduction/ica';
import { fitLda, predictLda, transformLda } from '../../src/engine/reduction/lda';
import { fitNmf } from '../../src/engine/reduction/nmf';
import { fitPca, reconstructPca, transformPca } from '../../src/engine/reduction/pca';
import { fitPls, transformPls } from '../../src/engine/reduction/pls';
import { absoluteCorrelation, cocktailParty } from '../../src/engine/reduction/signals';
import { csrFromDense, csrOperator, csrTotalVariance } from '../../src/engine/reduction/sparse';
import { tfidf } from '../../src/engine/reduction/tfidf';
import { fitTruncatedSvd } from '../../src/engine/reduction/truncated-svd';
import { createRng } from '../../src/engine/rng';
import golden from '../fixtures/reduction-sklearn.json';
import { diskLoader } from './node-data-source';

type Name = 'iris' | 'wine' | 'digits' | 'breast-cancer';
const load = async (name: Name) => {
  const data = await diskLoader().load(name, { samples: 100000, noise: 0, seed: 1 });
  return {
    x: fromFloat32(data.x, data.rows, data.features),
    y: data.y as Int32Array,
    classes: data.classes.length,
  };
};

/** Max over columns of min(|a - b|, |a + b|): equality up to the sign of each column. */
function upToColumnSigns(a: number[][], b: number[][]): number {
  let worst = 0;
  for (let c = 0; c < a[0].length; c++) {
    let plus = 0;
    let minus = 0;
    for (let r = 0; r < a.length; r++) {
      plus = Math.max(plus, Math.abs(a[r][c] - b[r][c]));
      minus = Math.max(minus, Math.abs(a[r][c] + b[r][c]));
    }
    worst = Math.max(worst, Math.min(plus, minus));
  }
  return worst;
}
const rowsOf = (m: Dense, count = m.rows) =>
  Array.from({ length: count }, (_, i) =>
    Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)),
  );
const transposeRows = (rows: number[][]) => rows[0].map((_, c) => rows.map((r) => r[c]));

describe('PCA against scikit-learn', () => {
  for (const name of ['iris', 'wine', 'digits'] as const) {
    const reference = golden.pca[name];
    for (const solver of ['covariance', 'gram', 'randomized'] as const) {
      it(`${name}, ${reference.k} components, ${solver}: variance ratios to 1e-4, components up to sign to 1e-3`, async () => {
        const { x } = await load(name);
        const model = await fitPca(x, reference.k, { solver, rng: createRng(1) });
        model.explainedVarianceRatio.forEach((v, c) =>
          expect(Math.abs(v - reference.explainedVarianceRatio[c])).toBeLessThan(1e-4),
        );
        model.explainedVariance.forEach((v, c) =>
          expect(v / reference.explainedVariance[c]).toBeCloseTo(1, 4),
        );
        // Components are rows: compare the transposes column by column.
        expect(
          upToColumnSigns(
            transposeRows(rowsOf(model.components)),
            transposeRows(reference.components),
          ),
        ).toBeLessThan(1e-3);
        const scores = transformPca(model, x);
        expect(upToColumnSigns(rowsOf(scores, 8), reference.transformed)).toBeLessThan(
          1e-3 * Math.max(1, Math.abs(reference.transformed[0][0])),
        );
      });
    }
  }

  it("MNIST: the 'gram' solver (sparse covariance, subspace iteration) agrees with the exact one", async () => {
    const data = await diskLoader().load('mnist', { samples: 2000, noise: 0, seed: 1 });
    const x = fromFloat32(data.x, data.rows, data.features);
    const exact = await fitPca(x, 20, { solver: 'covariance', rng: createRng(1) });
    const gram = await fitPca(x, 20, { solver: 'gram', rng: createRng(1) });
    gram.explainedVarianceRatio.forEach((v, c) =>
      expect(Math.abs(v - exact.explainedVarianceRatio[c])).toBeLessThan(1e-4),
    );
    // The leading components to 1e-3 (trailing ones with close eigenvalues converge slower, as
    // in any randomized method).
    expect(
      upToColumnSigns(
        transposeRows(rowsOf(gram.components, 10)),
        transposeRows(rowsOf(exact.components, 10)),
      ),
    ).toBeLessThan(1e-3);
  });

  it('whitening gives unit-variance scores, as scikit-learn', async () => {
    const { x } = await load('wine');
    const model = await fitPca(x, 5, { solver: 'covariance', whiten: true, rng: createRng(1) });
    expect(
      upToColumnSigns(rowsOf(transformPca(model, x), 8), golden.pca.wine.whitened),
    ).toBeLessThan(1e-3);
  });

  it('reconstruction with every component is exact', async () => {
    const { x } = await load('iris');
    const model = await fitPca(x, 4, { solver: 'covariance', rng: createRng(1) });
    const back = reconstructPca(model, transformPca(model, x));
    back.data.forEach((v, i) => expect(v).toBeCloseTo(x.data[i], 9));
  });

  it('rejects more components than features', async () => {
    const { x } = await load('iris');
    await expect(fitPca(x, 5, { solver: 'covariance', rng: createRng(1) })).rejects.toThrow(
      /components <= min/,
    );
  });
});

describe('TF-IDF and truncated SVD against scikit-learn', () => {
  it("TF-IDF equals TfidfVectorizer's vocabulary, idf and norms on the licence corpus", async () => {
    const corpus = JSON.parse(await readFile('static/data/licenses.json', 'utf8'));
    const { matrix, vocabulary, idf } = tfidf(
      corpus.documents.map((d: { text: string }) => d.text),
    );
    expect(vocabulary.length).toBe(golden.tfidf.vocabulary);
    expect(matrix.values.length).toBe(golden.tfidf.nnz);
    expect(vocabulary.slice(0, 20)).toEqual(golden.tfidf.terms);
    golden.tfidf.idfFirst.forEach((v, i) => expect(idf[i]).toBeCloseTo(v, 10));
    let first = 0;
    for (let e = matrix.indptr[0]; e < matrix.indptr[1]; e++) first += matrix.values[e];
    expect(first).toBeCloseTo(golden.tfidf.firstRowSum, 10);
  });

  it('singular values of the sparse TF-IDF matrix to 1e-3 of ARPACK, and variance ratios', async () => {
    const corpus = JSON.parse(await readFile('static/data/licenses.json', 'utf8'));
    const { matrix } = tfidf(corpus.documents.map((d: { text: string }) => d.text));
    const reference = golden.truncatedSvd.licenses;
    const model = await fitTruncatedSvd(
      csrOperator(matrix),
      reference.k,
      csrTotalVariance(matrix),
      createRng(2),
    );
    model.singularValues.forEach((s, c) =>
      expect(Math.abs(s - reference.singularValues[c]) / reference.singularValues[c]).toBeLessThan(
        1e-3,
      ),
    );
    model.explainedVarianceRatio.forEach((v, c) =>
      expect(v).toBeCloseTo(reference.explainedVarianceRatio[c], 3),
    );
  });

  it('the same on digits held as a sparse matrix', async () => {
    const { x } = await load('digits');
    const sparse = csrFromDense(x);
    const reference = golden.truncatedSvd.digits;
    const model = await fitTruncatedSvd(
      csrOperator(sparse),
      reference.k,
      csrTotalVariance(sparse),
      createRng(3),
    );
    model.singularValues.forEach((s, c) =>
      expect(Math.abs(s - reference.singularValues[c]) / reference.singularValues[c]).toBeLessThan(
        1e-3,
      ),
    );
  });
});

describe('LDA against scikit-learn', () => {
  for (const name of ['iris', 'wine'] as const) {
    it(`${name}: projection up to sign to 1e-3, variance ratios, predictions`, async () => {
      const { x, y, classes } = await load(name);
      const reference = golden.lda[name];
      const model = fitLda(x, y, classes);
      model.explainedVarianceRatio.forEach((v, c) =>
        expect(v).toBeCloseTo(reference.explainedVarianceRatio[c], 6),
      );
      expect(
        upToColumnSigns(rowsOf(transformLda(model, x), 12), reference.transformed),
      ).toBeLessThan(1e-3);
      expect(Array.from(predictLda(model, x))).toEqual(reference.predictions);
    });
  }
});

describe('PLS regression against scikit-learn', () => {
  for (const name of ['wine', 'breast-cancer'] as const) {
    it(`${name}: x scores up to sign to 1e-3`, async () => {
      const { x, y, classes } = await load(name);
      const reference = golden.pls[name];
      const targets =
        name === 'wine' ? oneHot(y, classes) : dense(y.length, 1, Float64Array.from(y));
      const model = fitPls(x, targets, reference.k);
      expect(upToColumnSigns(rowsOf(model.xScores, 12), reference.xScores)).toBeLessThan(1e-3);
      expect(upToColumnSigns(rowsOf(transformPls(model, x), 12), reference.xScores)).toBeLessThan(
        1e-3,
      );
    });
  }
});

describe('NMF against scikit-learn', () => {
  for (const [name, k] of [
    ['digits', 10],
    ['iris', 2],
  ] as const) {
    for (const solver of ['cd', 'mu'] as const) {
      it(`${name}, ${k} components, ${solver}: reconstruction error within 5% of scikit-learn's`, async () => {
        const { x } = await load(name);
        const model = await fitNmf(x, k, { solver, rng: createRng(1) });
        const reference = golden.nmf[`${name}-${solver}`].reconstructionError;
        expect(model.reconstructionError).toBeLessThanOrEqual(reference * 1.05);
        expect(model.w.data.every((v) => v >= 0) && model.h.data.every((v) => v >= 0)).toBe(true);
      });
    }
  }

  it('refuses negative data with the reason', async () => {
    await expect(
      fitNmf(dense(2, 2, Float64Array.from([1, -1, 2, 3])), 1, { solver: 'mu', rng: createRng(1) }),
    ).rejects.toThrow(/non-negative/);
  });
});

describe('FastICA on the cocktail party', () => {
  for (const fun of ['logcosh', 'exp', 'cube'] as const) {
    for (const algorithm of ['parallel', 'deflation'] as const) {
      it(`${fun}, ${algorithm}: each source recovered with |correlation| >= 0.99`, async () => {
        const { sources, mixed } = cocktailParty(0.5, 8000, createRng(1));
        const model = await fitIca(mixed, 3, { fun, algorithm, rng: createRng(2) });
        for (let s = 0; s < 3; s++) {
          const best = Math.max(
            ...[0, 1, 2].map((c) => absoluteCorrelation(sources, s, model.sources, c)),
          );
          expect(best).toBeGreaterThanOrEqual(0.99);
        }
      });
    }
  }
});

function oneHot(y: Int32Array, classes: number): Dense {
  const out = dense(y.length, classes);
  y.forEach((label, i) => (out.data[i * classes + label] = 1));
  return out;
}
