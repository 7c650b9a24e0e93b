import { readFile } from 'node:fs/promises';
import { curvePoints, expect, test, waitForTrained } from './fixtures';

test.describe('/history', () => {
  test('keeps /train runs, compares them, opens one back, exports, imports and deletes', async ({
    page,
    errors,
  }) => {
    const rows = page.getByTestId('run-row');
    const toHistory = () =>
      page.getByRole('navigation').getByRole('link', { name: 'History' }).click();

    // Two runs with different settings; the page navigates within the app, so each run's save
    // has finished before the next page load.
    await page.goto('/train?samples=200&epochs=3&learningRate=0.03');
    await waitForTrained(page);
    await toHistory();
    await expect(rows).toHaveCount(1);
    await page.goto('/train?samples=200&epochs=5&learningRate=0.1');
    await waitForTrained(page);
    await toHistory();
    await expect(rows).toHaveCount(2);

    // Both survive a reload, newest first, with their settings and backend.
    await page.reload();
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText('epochs 5');
    await expect(rows.nth(0)).toContainText('learningRate 0.1');
    await expect(rows.nth(1)).toContainText('epochs 3');
    await expect(rows.nth(0)).toContainText('wasm');
    await expect(page.getByTestId('storage-used')).toContainText(
      /2 runs kept, about [0-9.]+ MB\.\s+This site uses\s+[0-9.]+ MB/,
    );

    // Search and filter.
    await page.getByLabel('Search').fill('learningRate 0.03');
    await expect(rows).toHaveCount(1);
    await page.getByLabel('Search').fill('');
    await page.getByLabel('Lab').selectOption('train');
    await expect(rows).toHaveCount(2);

    // Compare: only the two settings that differ are highlighted; both curves are drawn.
    await page.getByLabel('Pick every run shown').check();
    await page.getByRole('button', { name: 'Compare picked' }).click();
    const diff = page.getByTestId('settings-diff');
    await expect(diff.locator('tr[data-differs="true"]')).toHaveCount(2);
    await expect(diff.locator('tr[data-differs="true"]').first()).toContainText('3');
    const chart = page.getByTestId('compare-chart');
    await expect(chart.locator('figcaption .key')).toHaveCount(2);
    await expect(chart.locator('svg > path[stroke]')).toHaveCount(2);

    // Export the first run as JSON and its epochs as CSV.
    const first = rows.filter({ hasText: 'epochs 3' });
    const [json] = await Promise.all([
      page.waitForEvent('download'),
      first.getByRole('button', { name: /as JSON/ }).click(),
    ]);
    const file = JSON.parse(await readFile((await json.path())!, 'utf8'));
    expect(file.format).toBe('ml-playground-run');
    expect(file.run.settings.epochs).toBe(3);
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      first.getByRole('button', { name: /as CSV/ }).click(),
    ]);
    const lines = (await readFile((await csv.path())!, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('model,epoch,loss,score,validationLoss,validationScore,seconds');
    expect(lines).toHaveLength(4);

    // Open it back in /train: its settings and result, without training again.
    await first.getByRole('link', { name: /Open/ }).click();
    await expect(page).toHaveURL(/\/train\?.*epochs=3/);
    await expect(page.getByTestId('stored-run')).toBeVisible();
    expect(await waitForTrained(page)).toContain('Done in');
    expect(await curvePoints(page, 'Loss')).toBe(3);
    await expect(page.getByTestId('confusion-matrix')).toContainText('correct');

    // Import the exported file: stored as a third run and opened in its lab.
    await toHistory();
    await page.getByLabel('Import a run (JSON)').setInputFiles((await json.path())!);
    await expect(page).toHaveURL(/\/train\?/);
    await expect(page.getByTestId('stored-run')).toBeVisible();
    expect(await curvePoints(page, 'Loss')).toBe(3);
    await toHistory();
    await expect(rows).toHaveCount(3);

    // A file that is not a run is refused with a clear message.
    await page.getByLabel('Import a run (JSON)').setInputFiles({
      name: 'package.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"name":"something else"}'),
    });
    await expect(page.getByTestId('history-error')).toContainText(
      'package.json was not imported. This JSON file is not a run exported from this playground.',
    );
    await expect(rows).toHaveCount(3);

    // Delete one, then the rest.
    await rows
      .filter({ hasText: 'epochs 5' })
      .getByRole('button', { name: /Delete/ })
      .click();
    await expect(rows).toHaveCount(2);
    await page.getByLabel('Pick every run shown').check();
    await page.getByRole('button', { name: /Delete picked/ }).click();
    await expect(page.getByTestId('no-runs')).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('no-runs')).toBeVisible();
    expect(errors).toEqual([]);
  });
});

test('Copy link copies the lab’s address with its settings', async ({ page, context, errors }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/train?samples=200&epochs=2');
  await waitForTrained(page);
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByRole('button', { name: 'Link copied' })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(page.url());
  expect(new URL(copied).searchParams.get('epochs')).toBe('2');
  await page.goto('/history');
  await expect(page.getByRole('button', { name: 'Copy link' })).toHaveCount(0);
  expect(errors).toEqual([]);
});

/** Every lab but /train (above): a small run of each. */
const labRuns = [
  ['dimensionality', 'points=100&maxDimension=100&maxFeatures=30&repeats=1'],
  ['reduction', 'dataset=wine&method=pca&components=3&compare=1'],
  ['automl', 'trials=3&epochs=5'],
  [
    'tuning',
    'dataset=digits&samples=600&strategies=random.bayesian&budgetKind=trials&budget=4&maxEpochs=2&initialTrials=2',
  ],
  ['nas', 'strategies=random.evolution&budget=20&repeats=2'],
  [
    'pruning',
    'samples=1000&epochs=1&fineTuneEpochs=1&endStep=5&frequency=1&sweep=0-80&sweepEpochs=0',
  ],
  [
    'quantization',
    'samples=1000&hidden=32&epochs=1&bits=8-4&qatEpochs=1&calibrationRows=100&batchSize=64',
  ],
  [
    'distillation',
    'samples=1000&teacherHidden=32&teacherEpochs=1&studentHidden=16&studentEpochs=2&batchSize=64',
  ],
  ['pipeline', 'samples=256&batchSize=32&epochs=2&hidden=16&elasticSigma=2'],
  ['distributed', 'samples=1000&hidden=32&globalBatch=60&strategy=compare&workers=2&steps=6'],
] as const;

for (const [lab, query] of labRuns) {
  test(`a kept /${lab} run opens from History drawn as it finished`, async ({ page, errors }) => {
    /** What the results show: lines and areas, canvases, table rows. */
    const drawn = () => page.locator('main svg path, main canvas, main tbody tr').count();
    await page.goto(`/${lab}?${query}`);
    const status = page.getByTestId(`${lab}-status`);
    await expect(status).toContainText('Done in', { timeout: 170_000 });
    await page.waitForTimeout(300);
    const live = await drawn();
    expect(live).toBeGreaterThan(0);
    await page.getByRole('navigation').getByRole('link', { name: 'History' }).click();
    await page.getByTestId('run-row').getByRole('link', { name: /Open/ }).click();
    await expect(status).toContainText('Done in');
    await expect(status.getByTestId('stored-run')).toBeVisible();
    await page.waitForTimeout(300);
    expect(await drawn()).toBe(live);
    expect(errors).toEqual([]);
  });
}

test('a run that cannot be stored (storage full) is reported on the lab page', async ({ page }) => {
  // Every IndexedDB write fails as it does when the site's quota is used up.
  await page.addInitScript(() => {
    IDBObjectStore.prototype.put = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await page.goto('/train?samples=200&epochs=2');
  await waitForTrained(page);
  const banner = page.getByTestId('run-not-saved');
  await expect(banner).toHaveText(
    /This run was not saved: storage is full; delete runs in History\.\s*Open History/,
  );
  await banner.getByRole('link', { name: 'Open History' }).click();
  await expect(page.getByTestId('no-runs')).toBeVisible();
});

test('a link to a kept run that is gone says so, and Train still runs', async ({ page }) => {
  await page.goto('/train?samples=200&epochs=2&run=gone-123');
  await expect(page.getByTestId('train-error')).toHaveText(
    'No stored train run gone-123: it may have been deleted.',
  );
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await waitForTrained(page);
  await expect(page).not.toHaveURL(/run=/);
});

test('a reopened run keeps run= in the address through a reload, until Train replaces it', async ({
  page,
  errors,
}) => {
  await page.goto('/train?samples=200&epochs=3');
  await waitForTrained(page);
  await page.getByRole('navigation').getByRole('link', { name: 'History' }).click();
  await page.getByTestId('run-row').getByRole('link', { name: /Open/ }).click();
  const stored = page.getByTestId('train-status').getByTestId('stored-run');
  await expect(stored).toBeVisible();
  await expect(page).toHaveURL(/run=/);
  // The page writes its settings back to the address; run= stays, so a reload reopens the run.
  await page.getByRole('spinbutton', { name: 'Epochs' }).fill('4');
  await expect(page).toHaveURL(/epochs=4.*run=|run=.*epochs=4/);
  await page.reload();
  await expect(stored).toBeVisible();
  await expect(page.getByTestId('train-status')).toContainText('Settings changed since this run');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await waitForTrained(page);
  await expect(stored).toHaveCount(0);
  await expect(page).not.toHaveURL(/run=/);
  expect(errors).toEqual([]);
});
