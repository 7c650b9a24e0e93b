import { expect, test } from './fixtures';

// 256 rows in batches of 32 for 2 epochs: 16 training steps per pipeline.
const small = 'samples=256&batchSize=32&epochs=2&hidden=16&elasticSigma=2';

test.describe('/pipeline', () => {
  test('runs every pipeline and draws its measured timeline and the comparison', async ({
    page,
    errors,
  }) => {
    await page.goto(`/pipeline?${small}`);
    const status = page.getByTestId('pipeline-status');
    await expect(status).toContainText('Done in', { timeout: 120_000 });
    await expect(status).toContainText('2 map workers');

    for (const [name, workers] of [
      ['naive', 1],
      ['prefetch', 1],
      ['parallel', 2],
      ['parallel-prefetch', 2],
      ['cached', 2],
    ] as const) {
      const panel = page.getByTestId(`timeline-${name}`);
      const chart = panel.getByTestId('timeline');
      await expect(chart.locator('text.lane')).toHaveCount(workers + 1);
      // 16 training steps, and every shard decoded or augmented on a worker lane.
      await expect(chart.locator('rect[data-kind="train"]')).toHaveCount(16);
      expect(await chart.locator('rect[data-kind="augment"]').count()).toBeGreaterThanOrEqual(
        name === 'cached' ? 8 : 16 * workers,
      );
      const width = await chart.locator('rect[data-kind="train"]').first().getAttribute('width');
      expect(Number(width)).toBeGreaterThan(0);
    }
    // The cache after decode: epoch 2's shards skip decoding.
    await expect(
      page.getByTestId('timeline-cached').locator('rect[data-kind="augment-cached"]'),
    ).toHaveCount(16);

    const rows = page.getByTestId('variants-table').locator('tbody tr');
    await expect(rows).toHaveCount(5);
    await expect(rows.first()).toContainText(
      /Naive \(sequential\)\s*1, no prefetch\s*\d+\s*1\.00×/,
    );
    await expect(rows.nth(4)).toContainText('2, buffer 2, cache after decode');
    for (let i = 1; i < 5; i++) await expect(rows.nth(i)).toContainText('identical');
    await expect(page.getByTestId('balance')).toContainText(/mapping a batch takes [\d.]+ ms/);
    expect(errors).toEqual([]);
  });

  test('refuses more workers than the browser reports and a batch smaller than the workers', async ({
    page,
  }) => {
    await page.goto('/pipeline?variants=naive&samples=256');
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    await page.goto(`/pipeline?samples=256&degree=${cores + 1}`);
    const problems = page.getByTestId('settings-problems');
    await expect(problems).toContainText(
      `a parallel map degree of ${cores + 1} asks for more workers than this browser allows: it reports ${cores} logical cores`,
    );
    await expect(page.getByTestId('pipeline-status')).toContainText('Not started');
    await page.goto('/pipeline?samples=256&degree=2&batchSize=1');
    await expect(problems).toHaveText(
      'a batch of 1 cannot be split across 2 map workers (each needs at least one element); make the batch at least 2 or the degree at most 1',
    );
    await expect(page.getByTestId('pipeline-status')).toContainText('Not started');
    await expect(page.getByTestId('timeline')).toHaveCount(0);
  });

  test('a worker that never answers stops the run with a message', async ({ page }) => {
    await page.goto(`/pipeline?${small}&stallWorker=1&timeoutMs=1000`);
    const error = page.getByTestId('pipeline-error');
    await expect(error).toContainText(
      'map worker 1 did not answer within 1000 ms (it was given shard 1 of batch 3, epoch 1)',
      { timeout: 60_000 },
    );
    await expect(error).toContainText('2 map workers were terminated');
    await expect(page.getByRole('button', { name: 'Stop' })).toBeDisabled();
    // Fixed, the same page runs again.
    await page.getByLabel('Simulate a stuck worker').uncheck();
    await page.getByRole('button', { name: 'Run the pipelines' }).click();
    await expect(page.getByTestId('pipeline-status')).toContainText('Done in', {
      timeout: 120_000,
    });
  });

  test('Stop cancels a run', async ({ page }) => {
    await page.goto('/pipeline?samples=4096&epochs=4');
    await expect(page.getByTestId('pipeline-status')).toContainText('Running', {
      timeout: 60_000,
    });
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByTestId('pipeline-status')).toContainText('Stopped');
  });
});
