import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

const small =
  'samples=1000&hidden=32&epochs=2&bits=8-3&qatEpochs=1&calibrationRows=100&batchSize=64';

test.describe('/quantization', () => {
  test('one model, every variant: table, downloadable file, accuracy vs bits, grids, curves', async ({
    page,
    errors,
  }) => {
    // The float32 phase can pass within a frame on a quiet machine, so a MutationObserver set up
    // before the page's scripts records that the status showed it, instead of polling for it.
    await page.addInitScript(() => {
      const seen = window as unknown as { sawFloatPhase: boolean };
      seen.sawFloatPhase = false;
      new MutationObserver(() => {
        const status = document.querySelector('[data-testid="quantization-status"]');
        if (status?.textContent?.includes('Training the float32 model')) seen.sawFloatPhase = true;
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.goto(`/quantization?${small}`);
    const status = page.getByTestId('quantization-status');
    await expect
      .poll(
        () => page.evaluate(() => (window as unknown as { sawFloatPhase: boolean }).sawFloatPhase),
        { timeout: 120_000 },
      )
      .toBe(true);
    await expect(status).toContainText('Done in', { timeout: 150_000 });
    const table = page.getByTestId('variants-table');
    const ids = ['float32', 'float16', 'dynamic-int8', 'ptq-8', 'ptq-3', 'qat-8', 'qat-3'];
    await expect(table.locator('tbody tr')).toHaveCount(ids.length);
    for (const id of ids) await expect(table.locator(`tr[data-variant="${id}"]`)).toBeVisible();
    await expect(table.locator('tr[data-variant="ptq-8"]')).toContainText('integer');

    // The file is real: its size is the one the table reports.
    const row = table.locator('tr[data-variant="ptq-8"]');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('mnist-mlp-ptq-8.mlpq');
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 4).toString()).toBe('MLPQ');
    const kib = Number((await row.locator('td').nth(2).textContent())!.replace(' KiB', ''));
    expect(bytes.length / 1024).toBeCloseTo(kib, 1);

    await expect(page.getByRole('img', { name: 'Test accuracy vs bit width' })).toBeVisible();
    const weights = page.getByRole('img', { name: /Weights of dense 1 on the 4-bit grid/ });
    await expect(weights).toBeVisible();
    await expect(weights.locator('line.grid')).toHaveCount(15); // 2^4 - 1 symmetric levels
    await page.getByTestId('grid-bits').fill('2');
    await expect(
      page.getByRole('img', { name: /on the 2-bit grid/ }).locator('line.grid'),
    ).toHaveCount(3);
    await expect(page.getByRole('img', { name: /Activations after dense 1/ })).toBeVisible();
    await expect(page.getByRole('img', { name: /Validation accuracy by epoch/ })).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('an empty calibration set or a bad bit width in a link: a clear message, no run', async ({
    page,
  }) => {
    await page.goto('/quantization?calibrationRows=0');
    await expect(page.getByTestId('quantization-error')).toContainText(
      'The calibration set is empty',
    );
    await expect(page.getByTestId('variants-table')).toHaveCount(0);
    await page.goto('/quantization?bits=8-1&samples=1000&epochs=1&qatEpochs=0');
    await expect(page.getByText(/bit width.*outside 2-16/).first()).toBeVisible();
  });
});
