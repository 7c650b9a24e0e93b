import { curvePoints, expect, test } from './fixtures';

// 700 training rows in batches of 128: 6 optimizer steps of fine-tuning, pruned at every one
// (steps 0 to 5, the schedule's end), so 6 prune events and 6 mask snapshots.
const small =
  'samples=1000&epochs=1&fineTuneEpochs=1&endStep=5&frequency=1&sweep=0-80&sweepEpochs=0';

/** Whether a canvas was drawn (opaque), and its darkest and lightest grey levels. */
const canvasLevels = (canvas: HTMLCanvasElement) => {
  const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
  let [min, max, opaque] = [255, 0, true];
  for (let p = 0; p < data.length; p += 4) {
    min = Math.min(min, data[p]);
    max = Math.max(max, data[p]);
    opaque &&= data[p + 3] === 255;
  }
  return { min, max, opaque };
};

test.describe('/pruning', () => {
  test('a small run: masks, input image, schedule and events, sweep, sizes and speeds', async ({
    page,
    errors,
  }) => {
    await page.goto(`/pruning?${small}`);
    const status = page.getByTestId('pruning-status');
    await expect(status).toContainText('Done in', { timeout: 120_000 });

    // One heat map per layer and the 28 x 28 input image, drawn, with pruned (dark) cells.
    const maps = page.getByTestId('mask-maps');
    await expect(maps.getByTestId('mask-grid')).toHaveCount(3);
    const input = await maps.getByTestId('input-keep').evaluate(canvasLevels);
    expect(input.opaque).toBe(true);
    expect(input.min).toBeLessThan(input.max);
    const layer = await maps.getByTestId('mask-grid').first().evaluate(canvasLevels);
    expect(layer.opaque).toBe(true);
    expect(layer.min).toBeLessThan(200);
    await expect(maps).toContainText('snapshot 6 of 6');
    await expect(maps).toContainText(
      'Layer 1: 784 inputs (rows) × 300 units (columns); 80.0% pruned',
    );

    // The slider goes back to the first snapshot: nothing pruned yet, an all-white image.
    await maps.getByLabel('Mask snapshot').fill('0');
    await expect(maps).toContainText('Pruning step 0 (overall sparsity 0.0%)');
    expect((await maps.getByTestId('input-keep').evaluate(canvasLevels)).min).toBe(255);

    // The schedule at each of the 6 steps as a line, each prune event as a dot.
    await expect(page.getByTestId('sparsity-chart').locator('circle')).toHaveCount(6);
    expect(await curvePoints(page, 'Sparsity over the pruning steps')).toBe(6);
    expect(await curvePoints(page, 'Test accuracy against sparsity')).toBe(2);

    const sizes = page.getByTestId('size-table').locator('tbody tr');
    await expect(sizes).toHaveCount(4);
    await expect(sizes.first()).toContainText(
      /Dense \(float32\)\s*[\d,.]+ kB\s*[\d,.]+ kB\s*1\.00×/,
    );
    await expect(sizes.nth(3)).toContainText(/CSR.*[\d,.]+ kB\s*—\s*—/);
    const speeds = page.getByTestId('inference-table').locator('tbody tr');
    await expect(speeds).toHaveCount(2);
    await expect(speeds.nth(1)).toContainText(/CSR\)\s*[\d.]+\s*[\d.]+%/);
    await expect(page.getByTestId('final-table')).toContainText('Test accuracy: dense');
    expect(errors).toEqual([]);
  });

  test('all but the first layer: that layer stays dense, the table gives both sparsities', async ({
    page,
    errors,
  }) => {
    await page.goto(`/pruning?${small}&layers=skip-first`);
    await expect(page.getByLabel('Layers pruned')).toHaveValue('skip-first');
    await expect(page.getByTestId('pruning-status')).toContainText('Done in', { timeout: 120_000 });
    const rows = page.getByTestId('final-table').locator('tbody tr');
    // Layers 784 -> 300, 300 -> 100, 100 -> 10, then the pruned layers and all kernels.
    await expect(rows).toHaveCount(5);
    await expect(rows.first()).toContainText(/784 → 300\s*235,200\s*235,200\s*not pruned/);
    await expect(rows.nth(1)).toContainText('80.0%');
    await expect(rows.nth(3)).toContainText(/Pruned layers\s*80\.0%/);
    // 80% of the 31,000 pruned weights are 24,800 zeros of all 266,200: 9.3%.
    await expect(rows.nth(4)).toContainText(/All kernels\s*9\.3%/);
    await expect(page.getByTestId('mask-maps')).toContainText(
      'Layer 1: 784 inputs (rows) × 300 units (columns); 0.0% pruned',
    );
    expect(errors).toEqual([]);
  });

  test('a target sparsity of 1 in a link is explained and refused until fixed', async ({
    page,
    errors,
  }) => {
    await page.goto(`/pruning?${small}&targetSparsity=1&power=often`);
    // A value of the wrong type falls back with a link notice; the rule between settings stays
    // on screen beside the form, and nothing runs.
    const notices = page.getByTestId('url-notice');
    await expect(notices).toHaveCount(1);
    await expect(notices).toContainText('power');
    const problems = page.getByTestId('settings-problems');
    await expect(problems).toContainText('A target sparsity of 100% would remove every weight');
    await expect(page.getByTestId('pruning-error')).toContainText('A target sparsity of 100%');
    await expect(page.getByTestId('pruning-status')).not.toContainText(/Loading|Dense/);

    await page.getByRole('spinbutton', { name: 'Target sparsity' }).fill('0.5');
    await expect(problems).toHaveCount(0);
    await page.getByRole('button', { name: 'Train and prune' }).click();
    await expect(page.getByTestId('pruning-error')).toHaveCount(0);
    await expect(page.getByTestId('pruning-status')).toContainText(/Loading|Dense/);
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByTestId('pruning-status')).toContainText('Stopped.');
    expect(errors).toEqual([]);
  });
});
