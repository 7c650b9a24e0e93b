import { expect, test } from './fixtures';

test('our WGSL kernels pass their case table on Chromium WebGPU, with no CPU fallback', async ({
  page,
  errors,
}) => {
  await page.goto('/diagnostics');
  await page.getByRole('button', { name: 'Run kernel self-test' }).click();
  const summary = page.getByTestId('selftest-summary');
  await expect(summary).toBeVisible({ timeout: 120_000 });
  // The report names the GPU adapter the kernels ran on; without a device every case fails.
  await expect(summary).toContainText('All kernels pass on');
  await expect(summary).not.toContainText('no GPU device');
  const cases = page.locator('table tbody tr');
  expect(await cases.count()).toBeGreaterThanOrEqual(26);
  await expect(page.locator('td', { hasText: 'distill' }).first()).toBeVisible();
  await expect(page.locator('td', { hasText: 'distances' }).first()).toBeVisible();
  await expect(page.locator('td.fail')).toHaveCount(0);
  expect(errors).toEqual([]);
});
