import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** Runs `npm run cli -- ...args` and returns its exit code and output. */
async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await run('node', ['scripts/cli.mjs', ...args], {
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function configFile(config: unknown): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'cli-')), 'config.json');
  await writeFile(path, JSON.stringify(config));
  return path;
}

describe('npm run cli -- train', () => {
  it('--help lists every setting with its range and default', async () => {
    const { code, stdout } = await cli('train', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('learningRate');
    expect(stdout).toContain('number in [0.00001, 1] (log scale); default 0.01');
    expect(stdout).toContain('hiddenLayers');
  });

  it('runs a partial config and prints history, final metrics and backend as JSON', async () => {
    const { code, stdout } = await cli(
      'train',
      '--config',
      await configFile({ dataset: 'moons', epochs: 3 }),
      '--backend',
      'cpu',
    );
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(output.backend.backend).toBe('cpu');
    expect(output.result.settings.dataset).toBe('moons');
    expect(output.result.settings.learningRate).toBe(0.01);
    expect(output.result.history).toHaveLength(3);
    expect(output.result.test.score).toBeGreaterThan(0.5);
  });

  it('exits non-zero naming a bad setting', async () => {
    const { code, stderr } = await cli(
      'train',
      '--config',
      await configFile({ epochs: 0, bogus: 1 }),
    );
    expect(code).toBe(2);
    expect(stderr).toContain('setting epochs: epochs = 0 is outside [1, 500]');
    expect(stderr).toContain('setting bogus: unknown setting "bogus"');
  });

  it('exits non-zero for an unknown lab or backend', async () => {
    expect((await cli('nope')).code).toBe(2);
    expect((await cli('train', '--backend', 'tpu')).code).toBe(2);
  });
});

describe('npm run cli -- distillation', () => {
  it('runs teacher and students from a partial config and prints the three reports', async () => {
    const config = {
      samples: 1000,
      teacherHidden: [32],
      teacherEpochs: 1,
      studentHidden: [8],
      studentEpochs: 1,
      batchSize: 100,
    };
    const { code, stdout } = await cli(
      'distillation',
      '--config',
      await configFile(config),
      '--backend',
      'wasm',
    );
    expect(code).toBe(0);
    const { result } = JSON.parse(stdout);
    expect(result.settings.temperature).toBe(4);
    for (const model of ['teacher', 'scratch', 'distilled'])
      expect(result[model].testRows).toBe(200);
  });

  it('exits non-zero with the reason for T <= 0', async () => {
    const { code, stderr } = await cli(
      'distillation',
      '--config',
      await configFile({ temperature: 0 }),
    );
    expect(code).toBe(2);
    expect(stderr).toContain('must be above 0');
  });
});

describe('npm run cli -- reduction', () => {
  it('prints components, explained variance and a summary of the transformed data', async () => {
    const { code, stdout } = await cli(
      'reduction',
      '--config',
      await configFile({ dataset: 'iris', method: 'pca', components: 2, compare: false }),
      '--backend',
      'cpu',
    );
    expect(code).toBe(0);
    const { result } = JSON.parse(stdout);
    expect(result.fitRows).toBe(120);
    expect(result.directions).toHaveLength(2);
    expect(result.directions[0]).toHaveLength(4);
    // Iris: the first component carries about 92% of the variance (scikit-learn: 0.9246 on all rows).
    expect(result.explainedVarianceRatio[0]).toBeCloseTo(0.925, 2);
    expect(result.transformed).toHaveLength(2);
    expect(Math.abs(result.transformed[0].mean)).toBeLessThan(0.1);
    expect(result.transformed[0].std).toBeGreaterThan(result.transformed[1].std);
    expect(result.labels).toBeUndefined();
  });

  it('reduces a CSV given with --file, and says what is missing without one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-'));
    const good = join(dir, 'good.csv');
    const rows = Array.from({ length: 60 }, (_, i) => `${i},${(i * 7) % 11},${i % 2 ? 'a' : 'b'}`);
    await writeFile(good, ['x,y,kind', ...rows].join('\n'));
    const ok = await cli(
      'reduction',
      '--config',
      await configFile({ dataset: 'csv', method: 'pca', components: 1, compare: false }),
      '--file',
      `csv=${good}`,
      '--backend',
      'cpu',
    );
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).result.features).toBe(2);
    const missing = await cli(
      'reduction',
      '--config',
      await configFile({ dataset: 'csv' }),
      '--backend',
      'cpu',
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/csv/i);
  });
});

describe('npm run cli -- tuning', () => {
  it('prints every trial of every strategy and the best', async () => {
    const config = {
      dataset: 'moons',
      samples: 200,
      strategies: ['grid'],
      budgetKind: 'trials',
      budget: 4,
      maxEpochs: 2,
      unitsMin: 8,
      unitsMax: 8,
      layersMax: 1,
      initializers: ['heNormal'],
      dropoutMax: 0,
      batchSizes: [32],
    };
    const { code, stdout } = await cli(
      'tuning',
      '--config',
      await configFile(config),
      '--backend',
      'cpu',
    );
    expect(code).toBe(0);
    const { result } = JSON.parse(stdout);
    // The grid: 3 learning rates x 2 activations, cut at the budget of 4 trials.
    expect(result.searched).toEqual(['learningRate', 'activation']);
    const [grid] = result.strategies;
    expect(grid.trials).toHaveLength(4);
    expect(grid.trials[0].params).toEqual({ learningRate: 0.0001, activation: 'relu' });
    expect(grid.best.score).toBe(Math.max(...grid.trials.map((t: { score: number }) => t.score)));
  });

  it('exits non-zero naming an empty range', async () => {
    const { code, stderr } = await cli(
      'tuning',
      '--config',
      await configFile({ layersMin: 3, layersMax: 1 }),
    );
    expect(code).toBe(1);
    expect(stderr).toContain('Hidden layers: "from" (3) is above "to" (1)');
  });
});

describe('npm run cli -- automl', () => {
  it('runs the whole pipeline on a CSV path and prints the leaderboard and test metrics', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-'));
    const path = join(dir, 'data.csv');
    const lines = ['x,group,y'];
    for (let i = 0; i < 120; i++) {
      const x = ((i * 7919) % 1000) / 10;
      lines.push(`${x},${i % 3 ? 'a' : 'b'},${x > 50 ? 'hi' : 'lo'}`);
    }
    await writeFile(path, lines.join('\n'));
    const { code, stdout } = await cli(
      'automl',
      '--config',
      await configFile({ dataset: 'csv', trials: 2, epochs: 20, strategy: 'random' }),
      '--file',
      `csv=${path}`,
      '--backend',
      'cpu',
    );
    expect(code).toBe(0);
    const { result } = JSON.parse(stdout);
    expect(result.task).toBe('classification');
    expect(result.leaderboard).toHaveLength(2);
    expect(result.test.accuracy).toBeGreaterThan(result.baseline.accuracy);
  });
});

describe('npm run cli -- distributed', () => {
  it('trains each strategy on worker threads and prints throughput, bytes and loss', async () => {
    const { code, stdout } = await cli(
      'distributed',
      '--config',
      await configFile({ samples: 1000, hidden: 16, workers: 2, steps: 5, globalBatch: 40 }),
      '--backend',
      'cpu',
    );
    expect(code).toBe(0);
    const { result } = JSON.parse(stdout);
    expect(result.runs.map((r: { strategy: string }) => r.strategy)).toEqual([
      'one-device',
      'mirrored',
      'parameter-server',
    ]);
    const [one, mirrored] = result.runs;
    expect(mirrored.final.loss).toBeCloseTo(one.final.loss, 4);
    // 784 x 16 + 16 + 16 x 10 + 10 = 12,730 parameters; the ring sends 2 (K - 1) of K chunks.
    expect(mirrored.bytesPerStep).toBe(2 * 12730 * 4);
    expect(result.cores).toBeGreaterThan(0);
  });
});

describe('npm run cli -- pipeline', () => {
  it('runs the pipelines on worker threads and prints each one’s throughput', async () => {
    const { code, stdout } = await cli(
      'pipeline',
      '--config',
      await configFile({
        samples: 256,
        batchSize: 32,
        hidden: [16],
        variants: ['naive', 'parallel-prefetch'],
      }),
      '--backend',
      'wasm',
    );
    expect(code).toBe(0);
    const { result } = JSON.parse(stdout);
    expect(result.variants.map((v: { variant: string }) => v.variant)).toEqual([
      'naive',
      'parallel-prefetch',
    ]);
    const [naive, both] = result.variants;
    expect(naive).toMatchObject({ degree: 1, prefetch: 0, speedup: 1 });
    expect(both).toMatchObject({ degree: 2, prefetch: 2, sameBatchesAsFirst: true });
    expect(both.samplesPerSecond).toBeGreaterThan(0);
    expect(both.epochLosses).toEqual(naive.epochLosses);
  });

  it('exits non-zero naming a batch smaller than the map workers', async () => {
    const { code, stderr } = await cli(
      'pipeline',
      '--config',
      await configFile({ batchSize: 1, degree: 2 }),
    );
    expect(code).toBe(2);
    expect(stderr).toContain(
      'setting batchSize: a batch of 1 cannot be split across 2 map workers',
    );
  });
});
