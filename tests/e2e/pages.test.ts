import { expect, test, waitForTrained } from './fixtures';

test.describe('every page', () => {
  for (const path of [
    '/',
    '/about',
    '/diagnostics',
    '/history',
    '/distillation',
    '/dimensionality',
    '/reduction',
    '/tuning',
    '/automl',
    '/quantization',
    '/pruning',
    '/nas',
    '/distributed',
    '/pipeline',
  ]) {
    test(`${path} opens with no console errors`, async ({ page, errors }) => {
      await page.goto(path);
      await expect(page.locator('h1')).toBeVisible();
      await expect(page.getByTestId('backend-badge')).toHaveText(/WASM|WebGPU|CPU/);
      expect(errors).toEqual([]);
    });
  }

  test('/train opens, trains at once, and logs no errors', async ({ page, errors }) => {
    await page.goto('/train');
    await waitForTrained(page);
    expect(errors).toEqual([]);
  });

  test('the home page has a card per lab and the badge shows the backend with its reason', async ({
    page,
  }) => {
    await page.goto('/');
    await expect(page.getByRole('link', { name: 'Train a network' }).first()).toBeVisible();
    const badge = page.getByTestId('backend-badge');
    await expect(badge).toHaveText('WASM (SIMD)');
    await expect(badge).toHaveAttribute('title', /software fallback/);
  });

  test('the theme toggles and is remembered', async ({ page }) => {
    await page.goto('/about');
    const html = page.locator('html');
    const before = await html.getAttribute('data-theme');
    await page.getByRole('button', { name: /theme/ }).click();
    await expect(html).not.toHaveAttribute('data-theme', before ?? '');
    await page.reload();
    await expect(html).not.toHaveAttribute('data-theme', before ?? '');
  });
});
