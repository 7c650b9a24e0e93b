import { expect, test } from './fixtures';

/** A CSV with a category, missing incomes and a leaking copy of the target. */
function peopleCsv(rows: number): string {
  const lines = ['age,city,income,copy,bought'];
  for (let i = 0; i < rows; i++) {
    const age = 20 + ((i * 37) % 50);
    const city = ['Paris', 'Lyon', 'Nice', 'Lille'][i % 4];
    const income = 1000 + ((i * 7919) % 3000);
    const bought = age + (city === 'Paris' ? 10 : 0) + income / 150 > 55 ? 'yes' : 'no';
    lines.push(`${age},${city},${i % 29 === 0 ? '' : income},${bought},${bought}`);
  }
  return lines.join('\n');
}

test.describe('/automl', () => {
  test('a CSV through the real file input goes through every stage to the leaderboard', async ({
    page,
    errors,
  }) => {
    await page.goto('/automl?dataset=csv&trials=4&epochs=15&selectFeatures=5');
    await expect(page.getByTestId('automl-status')).toContainText('Choose a CSV file');
    await page.locator('#automl-file').setInputFiles({
      name: 'people.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(peopleCsv(300)),
    });
    const status = page.getByTestId('automl-status');
    await expect(status).toContainText('Done in', { timeout: 120_000 });
    await expect(status).toContainText('classification of “bought”');
    await expect(page.getByTestId('anomalies')).toContainText('"copy" predicts the target');
    await expect(page.getByTestId('schema').locator('tbody tr')).toHaveCount(5);
    await expect(page.getByTestId('feature-steps')).toContainText(/income: \d+ missing filled/);
    await expect(page.getByTestId('feature-selection')).toContainText('kept 5 of 6 inputs');
    await expect(page.getByTestId('leaderboard').locator('tbody tr')).toHaveCount(4);
    const metrics = page.getByTestId('test-metrics');
    await expect(metrics).toContainText('ROC AUC');
    const [ours, baseline] = (
      await metrics.locator('tbody tr').first().locator('td').allTextContents()
    )
      .slice(1)
      .map(Number);
    expect(ours).toBeGreaterThan(baseline);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download test predictions (CSV)' }).click();
    expect((await download).suggestedFilename()).toBe('automl-predictions.csv');
    // Another target: the task follows it.
    await page.getByLabel('Column to predict').selectOption({ label: 'income' });
    await expect(status).toContainText('regression of “income”', { timeout: 120_000 });
    await expect(page.getByTestId('test-metrics')).toContainText('RMSE');
    expect(errors).toEqual([]);
  });

  test('a malformed CSV gets its message and the page keeps working', async ({ page }) => {
    await page.goto('/automl?dataset=csv');
    await page.locator('#automl-file').setInputFiles({
      name: 'bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('a,b\n1,2\n3\n4,5,6\n'),
    });
    await expect(page.getByTestId('automl-error')).toContainText(
      '2 rows do not have 2 fields (lines 3, 4)',
    );
    await page.locator('#automl-file').setInputFiles({
      name: 'one-class.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('a,b\n1,x\n2,x\n3,x\n'),
    });
    await expect(page.getByTestId('automl-error')).toContainText('has a single class');
  });
});
