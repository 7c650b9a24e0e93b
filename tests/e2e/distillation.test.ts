import { expect, test } from './fixtures';

const small =
  'samples=1000&teacherHidden=64&teacherEpochs=2&studentHidden=16&studentEpochs=3&batchSize=64';

async function waitForDistilled(page: import('@playwright/test').Page) {
  await expect(page.getByTestId('distillation-status')).toContainText('Done in', {
    timeout: 150_000,
  });
}

test.describe('/distillation', () => {
  test('a full teacher -> students run: dark knowledge, live re-softening, results and the missing digit', async ({
    page,
    errors,
  }) => {
    await page.goto(
      `/distillation?${small}&transferSet=without-digit&missingDigit=3&temperature=4`,
    );
    await expect(page.getByTestId('distillation-status')).toContainText('Teacher', {
      timeout: 60_000,
    });
    await waitForDistilled(page);
    const table = page.getByTestId('distillation-table');
    await expect(table.locator('tbody tr')).toHaveCount(3);
    await expect(table).toContainText('Student distilled (T = 4, a = 0.7)');
    await expect(page.getByTestId('missing-digit')).toContainText('The students never saw a 3');

    // The slider re-softens on the page, from logits already sent: no new run starts.
    const panel = page.getByTestId('dark-knowledge');
    const softBars = panel.locator('svg').nth(1);
    const before = await softBars.getAttribute('aria-label');
    await expect(page.getByTestId('view-temperature')).toHaveText('4');
    await panel.getByLabel('Temperature for the softened probabilities').fill('12');
    await expect(page.getByTestId('view-temperature')).toHaveText('12');
    await expect(softBars).not.toHaveAttribute('aria-label', before ?? '');
    await expect(page.getByTestId('distillation-status')).toContainText('Done in');
    await panel.getByRole('button', { name: 'Next test image' }).click();
    await expect(panel).toContainText('2 / 32');
    expect(errors).toEqual([]);
  });

  test('a second run restores the teacher from IndexedDB', async ({ page }) => {
    await page.goto(`/distillation?${small}&seed=5`);
    await waitForDistilled(page);
    await expect(page.getByTestId('distillation-status')).not.toContainText('restored');
    await page.getByRole('spinbutton', { name: 'Temperature T' }).fill('2');
    await page.getByRole('button', { name: 'Train teacher and students' }).click();
    await expect(page.getByTestId('distillation-status')).toContainText(
      'restored from a previous run',
      { timeout: 60_000 },
    );
    await waitForDistilled(page);
    await expect(page.getByTestId('distillation-table')).toContainText('Teacher (restored)');
  });

  test('T <= 0 or a outside [0, 1] in a link fall back with a clear notice; a big student is flagged', async ({
    page,
  }) => {
    // The first value of a repeated parameter counts, so this query sets the student only once.
    await page.goto(
      `/distillation?${small.replace('studentHidden=16', 'studentHidden=256')}&temperature=0&alpha=2`,
    );
    const notices = page.getByTestId('url-notice');
    await expect(notices).toHaveCount(2);
    await expect(notices.first()).toContainText('must be above 0');
    await expect(notices.nth(1)).toContainText('must lie in [0, 1]');
    await expect(page.getByRole('spinbutton', { name: 'Temperature T' })).toHaveValue('4');
    await expect(page.getByTestId('distillation-warning')).toContainText(
      'not smaller than the teacher',
    );
    await page.getByRole('spinbutton', { name: 'Temperature T' }).fill('-1');
    await expect(page.getByRole('alert').filter({ hasText: 'outside' })).toBeVisible();
  });
});
