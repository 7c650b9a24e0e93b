import { expect, test, waitForTrained } from './fixtures';

test('after one visit the app loads and trains with the network off', async ({
  page,
  context,
  errors,
}) => {
  await page.goto('/');
  // The service worker has installed: the app, the WASM binaries and the datasets are cached.
  await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 60_000 });
  await context.setOffline(true);
  await page.goto('/train?dataset=digits&samples=400&epochs=3');
  await expect(page.locator('h1')).toHaveText('Train a network');
  const status = await waitForTrained(page);
  expect(status).toContain('on wasm');
  await page.goto('/about');
  await expect(page.locator('h1')).toHaveText('About');
  expect(errors).toEqual([]);
});
