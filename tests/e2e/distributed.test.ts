import { curvePoints, expect, test } from './fixtures';

// 800 training rows, a 784 -> 32 -> 10 MLP, global batches of 60.
const small = 'samples=1000&hidden=32&globalBatch=60';

test.describe('/distributed', () => {
  test('runs the three strategies on three workers and draws each worker’s time line', async ({
    page,
    errors,
  }) => {
    await page.goto(`/distributed?${small}&strategy=compare&workers=3&steps=15`);
    const status = page.getByTestId('distributed-status');
    await expect(status).toContainText('Done in', { timeout: 120_000 });
    await expect(status).toContainText(/\d+ logical cores/);

    // One time line per strategy: one row for one device, three for the others, with rectangles
    // of compute everywhere and communication where workers talk.
    const rowsOf = (strategy: string) =>
      page.getByTestId(`timeline-${strategy}`).getByTestId('gantt-row');
    await expect(rowsOf('one-device')).toHaveCount(1);
    await expect(rowsOf('mirrored')).toHaveCount(3);
    await expect(rowsOf('parameter-server')).toHaveCount(3);
    for (const strategy of ['mirrored', 'parameter-server']) {
      const row = rowsOf(strategy).first();
      expect(await row.locator('rect[data-kind="compute"]').count()).toBeGreaterThan(5);
      expect(await row.locator('rect[data-kind="communicate"]').count()).toBeGreaterThan(5);
    }
    expect(await rowsOf('one-device').locator('rect[data-kind="communicate"]').count()).toBe(0);

    // Loss by step: 15 points per strategy; the table has a row per strategy.
    expect(await curvePoints(page, 'Training loss by step')).toBe(15);
    const table = page.getByTestId('runs-table').locator('tbody tr');
    await expect(table).toHaveCount(3);
    const cells = (row: number) => table.nth(row).locator('td');
    await expect(cells(0)).toHaveText([
      'One device',
      '1',
      /^\d+$/,
      '1.00×',
      '0.0 kB',
      '—',
      '0',
      /^\d\.\d{4}$/,
      /%$/,
    ]);
    await expect(cells(2).nth(0)).toHaveText('Parameter server');
    await expect(cells(2).nth(5)).toHaveText(/^\d+\.\d\d \/ \d+$/);
    expect(errors).toEqual([]);
  });

  test('killing a worker mid-run leaves a finished run that restored its checkpoint', async ({
    page,
    errors,
  }) => {
    await page.goto(
      `/distributed?${small}&strategy=mirrored&workers=3&steps=120&checkpointEvery=5`,
    );
    const status = page.getByTestId('distributed-status');
    await expect(status).toContainText(/step (1\d|[2-9]\d) of 120/, { timeout: 60_000 });
    await page.getByTestId('kill-worker').click();
    await expect(page.getByRole('status').filter({ hasText: 'Killed: worker' })).toBeVisible();
    await expect(status).toContainText('Done in', { timeout: 150_000 });

    const timeline = page.getByTestId('timeline-mirrored');
    await expect(timeline.getByTestId('gantt-lost')).toHaveCount(1);
    await expect(timeline.getByTestId('failures')).toContainText(
      /the 2 survivors restored the checkpoint of step\s+\d+ and replayed \d+ steps?/,
    );
    // The Failures column of the one row.
    const cells = page.getByTestId('runs-table').locator('tbody tr td');
    await expect(cells.nth(0)).toHaveText('Mirrored');
    await expect(cells.nth(6)).toHaveText('1');
    expect(await curvePoints(page, 'Training loss by step')).toBe(120);
    expect(errors).toEqual([]);
  });

  test('model parallel: one layer per worker, micro-batches, and the bubble on the time line', async ({
    page,
    errors,
  }) => {
    await page.goto(
      `/distributed?${small}&strategy=model-parallel&workers=3&microBatches=4&steps=10`,
    );
    await expect(page.getByTestId('distributed-status')).toContainText('Done in', {
      timeout: 120_000,
    });
    const rows = page.getByTestId('timeline-model-parallel').getByTestId('gantt-row');
    await expect(rows).toHaveCount(3);
    // Stages after the first wait for activations: the bubble.
    expect(await rows.nth(2).locator('rect[data-kind="wait"]').count()).toBeGreaterThan(0);
    expect(await curvePoints(page, 'Training loss by step')).toBe(10);
    expect(errors).toEqual([]);
  });

  test('Stop cancels a run between steps', async ({ page, errors }) => {
    await page.goto(`/distributed?${small}&strategy=mirrored&workers=2&steps=2000`);
    const status = page.getByTestId('distributed-status');
    await expect(status).toContainText(/step ([5-9]|\d\d+) of 2000/, { timeout: 60_000 });
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(status).toHaveText('Stopped.');
    await expect(page.getByTestId('kill-worker')).toBeDisabled();
    expect(errors).toEqual([]);
  });
});
