import { test as base, expect, type Page } from '@playwright/test';

/**
 * Every test page records console errors and uncaught exceptions; `expectNoErrors` fails the test
 * on any. Tests that provoke an error on purpose read `errors` and check them instead.
 */
export const test = base.extend<{ errors: string[] }>({
  errors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await use(errors);
  },
});

export { expect };

/** Waits until the /train run on screen has finished, and returns the status text. */
export async function waitForTrained(page: Page, timeout = 120_000): Promise<string> {
  const status = page.getByTestId('train-status');
  await expect(status).toContainText('Done in', { timeout });
  return (await status.textContent()) ?? '';
}

/** Chooses a compute backend in the header's picker and waits for the badge to show it. */
export async function chooseBackend(
  page: Page,
  backend: 'auto' | 'webgpu' | 'wasm' | 'cpu',
  badge: RegExp | string,
) {
  await page.getByLabel('Compute backend').selectOption(backend);
  await expect(page.getByTestId('backend-badge')).toHaveText(badge);
}

/** Number of points drawn in a line chart's first series. */
export async function curvePoints(page: Page, title: string): Promise<number> {
  const d = await page
    .locator('figure', { hasText: title })
    .locator('path')
    .first()
    .getAttribute('d');
  return d ? (d.match(/[ML]/g) ?? []).length : 0;
}
