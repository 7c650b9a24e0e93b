import { expect, test } from './fixtures';

const done = (page: import('@playwright/test').Page, timeout = 180_000) =>
  expect(page.getByTestId('tuning-status')).toContainText('Done in', { timeout });

test.describe('/tuning', () => {
  test('all four strategies search digits on one budget; every view draws', async ({
    page,
    errors,
  }) => {
    await page.goto(
      '/tuning?dataset=digits&samples=800&strategies=grid.random.bayesian.hyperband&budgetKind=epochs&budget=36&maxEpochs=3&initialTrials=3',
    );
    await done(page);
    const best = page.getByTestId('best-table');
    for (const name of ['Grid', 'Random', 'Bayesian (GP)', 'Hyperband'])
      await expect(best).toContainText(name);
    // Every strategy found a full-length trial with a score.
    const bestScores = await best
      .locator('tbody tr:not(.params) td:nth-child(2)')
      .allTextContents();
    expect(bestScores).toHaveLength(4);
    for (const score of bestScores) expect(Number(score)).toBeGreaterThan(0);
    await expect(
      page.locator('figure', { hasText: 'Best validation accuracy so far' }),
    ).toBeVisible();
    await expect(page.getByTestId('importance').locator('li')).toHaveCount(7);
    await expect(page.locator('figure', { hasText: 'GP posterior' })).toBeVisible();
    await expect(page.getByTestId('hyperband-table')).toContainText('promoted');
    await expect(page.getByTestId('hyperband-chart').locator('svg').first()).toBeVisible();
    expect(await page.getByTestId('hyperband-chart').locator('line').count()).toBeGreaterThan(0);

    // The trials table sorts by validation accuracy.
    await page.getByLabel('Strategy').selectOption('random');
    const table = page.getByTestId('trials-table');
    await table.getByRole('button', { name: /val\. acc\./ }).click();
    const scores = await table.locator('tbody tr td:nth-child(4)').allTextContents();
    const numbers = scores.filter((s) => s !== '–').map(Number);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));

    // Brushing the score axis of the parallel coordinates keeps only the best trials.
    const kept = page.getByTestId('parallel-kept');
    await expect(kept).toContainText('drag along an axis');
    const axis = page.locator('.parallel svg g.overlay, .parallel svg rect.overlay').last();
    const box = (await axis.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.3, { steps: 5 });
    await page.mouse.up();
    await expect(kept).toContainText('inside the brushed ranges');
    expect(errors).toEqual([]);
  });

  test('Bayesian search with median pruning prunes trials, and Stop stops', async ({ page }) => {
    await page.goto(
      '/tuning?dataset=digits&samples=800&strategies=bayesian&budgetKind=trials&budget=40&maxEpochs=6&initialTrials=3&prune=1',
    );
    const status = page.getByTestId('tuning-status');
    await expect(status).toContainText(/[1-9]\d* pruned/, { timeout: 120_000 });
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(status).toContainText('Stopped after');
  });

  test('with validation loss as the objective, the charts and tables show the loss', async ({
    page,
    errors,
  }) => {
    await page.goto(
      '/tuning?dataset=digits&samples=600&objective=loss&strategies=random&budgetKind=trials&budget=4&maxEpochs=2&prune=0',
    );
    await expect(page.getByTestId('tuning-status')).toContainText('Done in', { timeout: 120_000 });
    await expect(page.locator('figure', { hasText: 'Best validation loss so far' })).toBeVisible();
    const table = page.getByTestId('trials-table');
    await expect(table.getByRole('button', { name: /val\. loss/ })).toBeVisible();
    const losses = (await table.locator('tbody tr td:nth-child(4)').allTextContents()).map(Number);
    expect(losses.every((v) => v > 0)).toBe(true);
    expect(errors).toEqual([]);
  });

  test('an impossible search space is refused with its reason and nothing runs', async ({
    page,
  }) => {
    await page.goto('/tuning?learningRateMin=0.1&learningRateMax=0.001&activations=');
    await expect(page.getByTestId('tuning-error')).toContainText(
      'Learning rate: "from" (0.1) is above "to" (0.001)',
    );
    await expect(page.getByTestId('space-problems')).toContainText(
      'Activations: tick at least one',
    );
    await expect(page.getByTestId('trials-table')).toHaveCount(0);
    // Fixing the range in the form clears that problem.
    await page.getByLabel('Learning rate from').fill('0.0001');
    await expect(page.getByTestId('space-problems')).not.toContainText('Learning rate');
  });
});
