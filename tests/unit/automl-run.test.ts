import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { runAutoml } from '../../src/engine/automl/run';
import { parseTable } from '../../src/engine/automl/table';
import { createRng } from '../../src/engine/rng';
import { diskLoader } from './node-data-source';

/** A binary problem: y depends on x and on a colour; a copy of y leaks; some cells are missing. */
function classificationCsv(n: number): string {
  const rng = createRng(3);
  const lines = ['x,colour,noise,leak,y'];
  for (let i = 0; i < n; i++) {
    const x = rng.normal();
    const colour = ['red', 'green', 'blue'][i % 3];
    const y = x + (colour === 'red' ? 1 : -0.5) + 0.3 * rng.normal() > 0 ? 'yes' : 'no';
    lines.push(
      `${i % 17 === 0 ? '' : x.toFixed(3)},${i % 23 === 0 ? 'NA' : colour},${rng.normal().toFixed(3)},${y},${y}`,
    );
  }
  return lines.join('\n');
}

describe('runAutoml (ingest, validate, features, model search, test)', () => {
  it('a CSV with categories and missing cells: drops the leak, beats the baseline, leaks no tensors', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const result = await runAutoml(
      { dataset: 'csv', strategy: 'random', trials: 3, epochs: 15 },
      { data: diskLoader(), files: { csv: classificationCsv(300) } },
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(result.validation.task).toBe('classification');
    expect(result.dropped).toEqual(['leak']);
    // Categories in order of frequency among the training rows.
    expect([...result.features.names].sort()).toEqual([
      'colour=blue',
      'colour=green',
      'colour=red',
      'noise',
      'x',
    ]);
    expect(result.rows).toMatchObject({ train: 180, validation: 60, test: 60 });
    expect(result.trials).toHaveLength(3);
    expect(result.test.accuracy!).toBeGreaterThan(result.baseline.accuracy! + 0.15);
    expect(result.test.rocAuc!).toBeGreaterThan(0.85);
    expect(result.baseline.rocAuc).toBe(0.5);
    const csv = result.predictionsCsv.trim().split('\n');
    expect(csv[0]).toBe('row,truth,prediction,p(yes)');
    expect(csv).toHaveLength(61);
    expect(parseTable(result.predictionsCsv).rows).toBe(60);
    expect(result.pipeline).toMatchObject({
      target: 'y',
      task: 'classification',
      dropped: ['leak'],
    });
  });

  it('feature selection keeps the informative inputs; a time limit stops the search early', async () => {
    const result = await runAutoml(
      {
        dataset: 'csv',
        strategy: 'random',
        trials: 20,
        epochs: 5,
        selectFeatures: 1,
        timeLimit: 1,
        dropFlagged: true,
      },
      { data: diskLoader(), files: { csv: classificationCsv(300) } },
    );
    expect(result.selection!.kept).toEqual(['x']);
    expect(result.selection!.scores).toHaveLength(5);
    expect(result.trials.length).toBeLessThan(20);
  });

  it('regression on a numeric target reports RMSE, MAE and R^2 against the mean', async () => {
    const rng = createRng(5);
    const lines = ['a,b,target'];
    for (let i = 0; i < 200; i++) {
      const [a, b] = [rng.normal(), rng.normal()];
      lines.push(
        `${a.toFixed(3)},${b.toFixed(3)},${(3 * a - 2 * b + 0.1 * rng.normal()).toFixed(3)}`,
      );
    }
    const result = await runAutoml(
      { dataset: 'csv', strategy: 'random', trials: 2, epochs: 40 },
      { data: diskLoader(), files: { csv: lines.join('\n') } },
    );
    expect(result.validation.task).toBe('regression');
    expect(result.test.r2!).toBeGreaterThan(0.9);
    expect(result.baseline.r2!).toBeLessThan(0.05);
    expect(result.test.rmse!).toBeLessThan(result.baseline.rmse!);
  });

  it('a built-in table, and clear messages for a one-class target or no file', async () => {
    const wine = await runAutoml(
      { dataset: 'wine', trials: 2, epochs: 10 },
      { data: diskLoader() },
    );
    expect(wine.classes).toHaveLength(3);
    expect(wine.test.confusion).toHaveLength(3);
    await expect(
      runAutoml({ dataset: 'csv' }, { data: diskLoader(), files: { csv: 'a,b\n1,x\n2,x\n3,x\n' } }),
    ).rejects.toThrow('the target "b" has a single class: nothing to learn');
    await expect(runAutoml({ dataset: 'csv' }, { data: diskLoader() })).rejects.toThrow(
      'no CSV file chosen',
    );
  });
});
