import { curvePoints, expect, test } from './fixtures';
import type { Page } from '@playwright/test';

/** Waits for the run on screen to finish and returns the status text. */
async function searched(page: Page, timeout = 150_000): Promise<string> {
  const status = page.getByTestId('nas-status');
  await expect(status).toContainText('Done in', { timeout });
  return (await status.textContent()) ?? '';
}

/** The cells of a table row (its header cell first). */
const cells = async (row: ReturnType<Page['locator']>) =>
  (await row.locator('th, td').allTextContents()).map((text) => text.trim());

const everyStrategy = 'strategies=grid.random.bayesian.evolution.reinforce&budget=20&repeats=5';

test.describe('/nas', () => {
  test('tabular mode: every strategy searches the cell space and every view draws', async ({
    page,
    errors,
  }) => {
    await page.goto(`/nas?${everyStrategy}`);
    await expect(page.getByTestId('space-size')).toContainText('662 connect the input');
    await searched(page);

    // Each strategy's best architecture, and its best-so-far curve over the 20 evaluations.
    await expect(page.getByTestId('architectures').locator('figure')).toHaveCount(5);
    expect(await curvePoints(page, 'Best so far per evaluation')).toBe(20);
    expect(await curvePoints(page, 'Best so far per compute')).toBe(20);

    // Over the repeats: a mean line in a band per strategy, and the table of final numbers.
    const comparison = page.getByTestId('comparison');
    await expect(comparison.locator('path.band')).toHaveCount(5);
    const rows = page.getByTestId('comparison-table').locator('tbody tr');
    await expect(rows).toHaveCount(5);
    await expect(rows.first()).toContainText(/Grid\s*0\.8\d{3}\s*0\.8\d{3}\s*0\.8\d{3}/);

    // 5 x 20 candidates by size and accuracy, and the same 100 against their truths.
    await expect(page.getByTestId('pareto').locator('path.point')).toHaveCount(100);
    await expect(page.getByTestId('estimation').locator('path.point')).toHaveCount(100);
    await expect(page.getByTestId('spearman')).toContainText(/ρ = -?[01]\.\d{3} over 100/);

    // The evolution population, then the controller's probabilities at evaluation 1.
    const state = page.getByTestId('strategy-state');
    await expect(state.getByTestId('population')).toBeVisible();
    await state.getByRole('button', { name: 'Reinforcement learning' }).click();
    const heatmap = state.getByTestId('controller-heatmap');
    await expect(heatmap.locator('tbody tr')).toHaveCount(6);
    await state.getByLabel('Evaluation shown').fill('1');
    await expect(state).toContainText('After evaluation 1 of 20');
    await expect(heatmap).toContainText('Baseline');

    // A candidate clicked in the table is drawn beside it and at the top.
    const candidates = page.getByTestId('candidates');
    await candidates.getByRole('button', { name: /^Bayesian/ }).click();
    await expect(candidates.getByTestId('candidates-table').locator('tbody tr')).toHaveCount(20);
    const first = candidates.locator('button.arch').first();
    const key = (await first.textContent())!.trim();
    await first.click();
    await expect(candidates.getByTestId('table-arch')).toContainText(key);
    await expect(page.getByTestId('picked-arch')).toContainText(key);
    expect(errors).toEqual([]);
  });

  test('a cheaper estimator changes the compute spent and the estimates', async ({
    page,
    errors,
  }) => {
    await page.goto('/nas?strategies=random.evolution&budget=20&repeats=3');
    await searched(page);
    const compute = page.getByTestId('compute-table').locator('tbody tr').first();
    // Full training: 20 candidates x the table's 12 epochs.
    expect((await cells(compute)).slice(0, 3)).toEqual(['Random', '20', '240']);
    const fullRho = await page.getByTestId('spearman').textContent();

    await page.getByLabel('Performance estimation').selectOption('low-fidelity');
    await expect(page.getByLabel('Low-fidelity epochs')).toHaveValue('3');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await searched(page);
    expect(page.url()).toContain('estimator=low-fidelity');
    // Three epochs each: a quarter of the compute, and estimates below the truths.
    expect((await cells(compute)).slice(0, 3)).toEqual(['Random', '20', '60']);
    await expect(page.getByTestId('spearman')).not.toHaveText(fullRho!);
    await expect(page.getByTestId('estimation')).toContainText('after 3 epochs');

    await page.getByLabel('Performance estimation').selectOption('learning-curve');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await searched(page);
    // Hopeless candidates stop after 4 epochs: fewer epochs than full training, marked.
    await expect(page.getByTestId('compute-table').locator('thead')).toContainText('Stopped');
    const [, evaluations, epochs, , stopped] = (await cells(compute)).map(Number);
    expect(evaluations).toBe(20);
    expect(stopped).toBeGreaterThan(0);
    expect(epochs).toBeLessThan(240);
    expect(epochs).toBeGreaterThanOrEqual(80);
    expect(errors).toEqual([]);
  });

  test('live mode: a small macro search with weight inheritance trains and draws', async ({
    page,
    errors,
  }) => {
    await page.goto(
      '/nas?mode=live&space=macro&strategies=random.evolution&budget=3&epochs=2' +
        '&estimator=inheritance&fidelityEpochs=1&population=2&sample=1',
    );
    await expect(page.getByTestId('space-size')).toContainText('4,368 architectures');
    await searched(page);
    await expect(page.getByTestId('architectures').locator('figure')).toHaveCount(2);
    await expect(page.getByTestId('architectures')).toContainText(/macro:\d+[rtes]/);
    expect(await curvePoints(page, 'Best so far per evaluation')).toBe(3);
    await expect(page.getByTestId('pareto').locator('path.point')).toHaveCount(6);
    // Every candidate has a truth: trained fully, or measured after the search.
    await expect(page.getByTestId('estimation').locator('path.point')).toHaveCount(6);
    await expect(page.getByTestId('compute-table').locator('thead')).toContainText('Inherited');
    await expect(page.getByTestId('candidates-table').locator('tbody tr')).toHaveCount(3);
    expect(errors).toEqual([]);
  });

  test('bad settings are explained and nothing runs', async ({ page, errors }) => {
    const refused = async (query: string, message: string | RegExp) => {
      await page.goto(`/nas?${query}`);
      await expect(page.getByTestId('settings-problems')).toContainText(message);
      await expect(page.getByTestId('nas-error')).toContainText(message);
      await expect(page.getByTestId('nas-status')).toContainText('Not started');
      await expect(page.getByTestId('architectures')).toHaveCount(0);
    };
    await refused('budget=0', 'The budget is 0 evaluations');
    await refused('ops=', 'no operation is allowed on the cell edges');
    await expect(page.getByTestId('space-problems')).toContainText('The space is empty');
    await refused(
      'mode=live&space=macro&maxLayers=4&strategies=grid.random',
      'The space has 69,904 architectures, more than the grid limit 5,000',
    );
    await expect(page.getByTestId('space-size')).toContainText('69,904');

    // Unticking grid fixes it; the search then runs.
    await page.getByRole('checkbox', { name: 'Grid' }).uncheck();
    await expect(page.getByTestId('settings-problems')).toHaveCount(0);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(page.getByTestId('nas-status')).toContainText(/Loading|searching/);
    await page.getByTestId('nas-status').getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByTestId('nas-status')).toContainText('Stopped.');
    expect(errors).toEqual([]);
  });
});
