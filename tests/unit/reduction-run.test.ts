import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { runReduction } from '../../src/engine/reduction/run';
import { diskLoader } from './node-data-source';

const run = (
  config: Record<string, unknown>,
  files?: Record<string, string>,
  signal?: AbortSignal,
) => runReduction(config, { data: diskLoader(), files, signal });

describe('runReduction, the /reduction entry point', () => {
  it('PCA of digits: projection, variance, directions, reconstructions, downstream, comparison', async () => {
    await tf.setBackend('cpu');
    const tensors = tf.memory().numTensors;
    const result = await run({ dataset: 'digits', samples: 1000, method: 'pca', components: 10 });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(result.rows).toBe(1000);
    // Stratified 80/20 split: per-class rounding leaves about 800 training rows.
    expect(Math.abs(result.fitRows - 800)).toBeLessThanOrEqual(5);
    expect(result.projection.dims).toBe(3);
    expect(result.projection.values).toHaveLength(3000);
    const ratios = Array.from(result.explainedVarianceRatio!);
    expect(ratios).toHaveLength(10);
    for (let i = 1; i < ratios.length; i++) expect(ratios[i]).toBeLessThanOrEqual(ratios[i - 1]);
    // scikit-learn on all 1,797 digits: the first two components explain 0.149 and 0.136.
    expect(ratios[0]).toBeGreaterThan(0.12);
    expect(ratios[0]).toBeLessThan(0.18);
    expect(result.directionCount).toBe(10);
    expect(result.directions).toHaveLength(10 * 64);
    const errors = result.reconstruction!.errors;
    for (let i = 1; i < errors.length; i++) expect(errors[i]).toBeLessThanOrEqual(errors[i - 1]);
    const accuracy = result.downstream!.accuracy;
    expect(accuracy.at(-1)!).toBeGreaterThan(accuracy[0]);
    expect(accuracy.at(-1)!).toBeGreaterThan(0.8);
    expect(result.comparison.map((p) => p.method).sort()).toEqual(
      ['ica', 'lda', 'nmf', 'pls', 'truncated-svd'].sort(),
    );
    expect(result.fitSeconds).toBeLessThanOrEqual(result.seconds);
  });

  it('the same seed gives the same numbers', async () => {
    const config = { dataset: 'wine', method: 'ica', components: 3, compare: false, seed: 7 };
    const [a, b] = [await run(config), await run(config)];
    expect(Array.from(a.projection.values)).toEqual(Array.from(b.projection.values));
  });

  it('bad input: a clear message for NaN and negative NMF data; more components than features are capped and said', async () => {
    await expect(
      run({ dataset: 'csv', method: 'pca', components: 1 }, { csv: 'a,b\n1,2\nNaN,3\n4,5\n' }),
    ).rejects.toThrow(/column "a" has 1 missing or non-numeric cells/);
    const capped = await run({ dataset: 'iris', method: 'pca', components: 9, compare: false });
    expect(capped.notes.join(' ')).toContain('9 components asked, 4 possible');
    expect(capped.components).toBe(4);
    await expect(
      run({ dataset: 'wine', method: 'nmf', standardize: true, compare: false }),
    ).rejects.toThrow(/negative/);
  });

  it('a constant CSV column is named in the notes and the rest still reduces', async () => {
    const csv = ['a,b,c', ...Array.from({ length: 40 }, (_, i) => `${i},${(i * 3) % 7},5`)].join(
      '\n',
    );
    const result = await run(
      { dataset: 'csv', method: 'pca', components: 2, compare: false },
      { csv },
    );
    expect(result.notes.join(' ')).toContain('column "c" is constant');
    expect(result.explainedVarianceRatio![1]).toBeGreaterThan(0);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(run({ dataset: 'digits' }, undefined, controller.signal)).rejects.toThrow(
      /abort|cancel/i,
    );
  });
});
