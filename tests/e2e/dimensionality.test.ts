import { curvePoints, expect, test } from './fixtures';

test('/dimensionality runs all three sections and draws their curves', async ({ page, errors }) => {
  await page.goto(
    '/dimensionality?points=150&maxDimension=300&maxFeatures=60&informative=15&redundant=10&repeats=3',
  );
  await expect(page.getByTestId('dimensionality-status')).toContainText('Done in', {
    timeout: 120_000,
  });
  const points = await curvePoints(page, 'Relative contrast');
  expect(points).toBeGreaterThan(15);
  expect(await curvePoints(page, 'Test accuracy as features are added')).toBeGreaterThan(15);
  await expect(page.getByTestId('concentration')).toContainText('theory √(1.4/d)');
  await expect(page.getByTestId('hughes')).toContainText('peaks (');
  await expect(page.getByTestId('empty-space').locator('circle').first()).toBeVisible();
  await expect(page).toHaveURL(/maxDimension=300/);
  expect(errors).toEqual([]);
});

test('/dimensionality with real digits and noise features has no theory line', async ({ page }) => {
  await page.goto(
    '/dimensionality?distribution=digits&points=100&maxDimension=200&maxFeatures=30&repeats=1',
  );
  await expect(page.getByTestId('dimensionality-status')).toContainText('Done in', {
    timeout: 120_000,
  });
  await expect(page.getByTestId('concentration')).not.toContainText('theory');
});
