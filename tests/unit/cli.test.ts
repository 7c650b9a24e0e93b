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
