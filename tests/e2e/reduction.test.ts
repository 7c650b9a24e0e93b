import { expect, test } from './fixtures';

const done = (page: import('@playwright/test').Page, timeout = 150_000) =>
  expect(page.getByTestId('reduction-status')).toContainText('Done in', { timeout });

test.describe('/reduction', () => {
  test('PCA of MNIST: 10,000 points in 2-D and 3-D, hover shows the digit, every view draws', async ({
    page,
    errors,
  }) => {
    await page.goto('/reduction?dataset=mnist&samples=10000&method=pca&components=20&compare=0');
    await done(page);
    await expect(page.getByTestId('reduction-status')).toContainText('10,000 rows × 784 features');
    await expect(page.getByTestId('scree')).toBeVisible();
    await expect(page.getByTestId('downstream')).toBeVisible();
    await expect(page.getByTestId('direction-images').locator('canvas')).toHaveCount(16);
    await expect(page.getByTestId('reconstructions')).toBeVisible();
    // Hover: sweep the pointer across the scatter until a point is under it.
    const scatter = page.locator('.scatter canvas').first();
    const box = (await scatter.boundingBox())!;
    for (let i = 0; i < 60 && !(await page.getByTestId('hovered-label').isVisible()); i++) {
      await page.mouse.move(box.x + box.width * (0.2 + i * 0.01), box.y + box.height * 0.5);
    }
    await expect(page.getByTestId('hovered-label')).toContainText(/row \d+: \d/);
    // 3-D: rotating 10,000 points keeps the page responsive.
    await page.getByRole('button', { name: '3-D' }).click();
    await expect(page.getByTestId('scatter-3d')).toBeVisible();
    const started = Date.now();
    for (let i = 0; i < 10; i++) await page.getByRole('button', { name: 'Rotate right' }).click();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(errors).toEqual([]);
  });

  for (const method of ['truncated-svd', 'ica', 'nmf', 'lda', 'pls']) {
    test(`${method} runs on MNIST and draws its projection`, async ({ page, errors }) => {
      await page.goto(
        `/reduction?dataset=mnist&samples=2000&method=${method}&components=5&compare=0`,
      );
      await done(page);
      await expect(page.locator('.scatter canvas').first()).toBeVisible();
      expect(errors).toEqual([]);
    });
  }

  test('runs again in the same page with a new seed (the worker keeps its data intact)', async ({
    page,
    errors,
  }) => {
    await page.goto('/reduction?dataset=digits&method=pca&components=5&compare=0');
    await done(page);
    await page.getByRole('spinbutton', { name: 'Seed' }).fill('2');
    // A run on digits can finish within one frame, so watch the status for 'Working' (a new run
    // started) instead of polling for it.
    await page.evaluate(() => {
      const status = document.querySelector('[data-testid="reduction-status"]')!;
      const seen = window as unknown as { sawWorking: boolean };
      seen.sawWorking = false;
      new MutationObserver(() => {
        if (status.textContent?.includes('Working')) seen.sawWorking = true;
      }).observe(status, { subtree: true, childList: true, characterData: true });
    });
    await page.getByRole('button', { name: 'Reduce' }).click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { sawWorking: boolean }).sawWorking))
      .toBe(true);
    await done(page);
    await page.getByRole('button', { name: 'Reduce' }).click();
    await done(page);
    await expect(page.getByTestId('reduction-error')).toHaveCount(0);
    expect(errors).toEqual([]);
  });

  test('methods side by side on the same rows', async ({ page }) => {
    await page.goto('/reduction?dataset=wine&method=pca&components=3&standardize=1&compare=1');
    await done(page);
    // NMF needs non-negative data, so standardized wine leaves it out, and says why.
    await expect(page.getByTestId('comparison').locator('h3')).toHaveText([
      'PCA',
      'Truncated SVD',
      'FastICA',
      'LDA',
      'PLS',
    ]);
  });

  test('truncated SVD of the TF-IDF licence corpus lists top terms', async ({ page }) => {
    await page.goto('/reduction?dataset=licenses&method=truncated-svd&components=5&compare=0');
    await done(page);
    await expect(page.getByTestId('top-terms').locator('li')).toHaveCount(5);
    await expect(page.locator('.notes')).toContainText('TF-IDF of 369 paragraphs');
  });

  test('the cocktail party: ICA separates three mixed signals, each playable', async ({
    page,
    errors,
  }) => {
    await page.goto('/reduction?dataset=cocktail-party&method=ica&components=3');
    await done(page);
    const party = page.getByTestId('cocktail-party');
    await expect(party.getByRole('button', { name: /component/ })).toHaveCount(3);
    await party.getByRole('button', { name: '▶ component 1' }).click();
    expect(errors).toEqual([]);
  });

  test('bad input gets a clear message: NMF on negative data, too many components, LDA without labels', async ({
    page,
  }) => {
    await page.goto('/reduction?dataset=wine&method=nmf&standardize=1&compare=0');
    await expect(page.getByTestId('reduction-error')).toContainText('NMF needs non-negative data');
    await page.goto('/reduction?dataset=iris&method=pca&components=9&compare=0');
    await done(page);
    await expect(page.locator('.notes')).toContainText('9 components asked, 4 possible');
    await page.goto('/reduction?dataset=cocktail-party&method=lda');
    await expect(page.getByTestId('url-notice')).toContainText('LDA needs class labels');
  });

  test('your own CSV through the real file input; a malformed one gets its message and loses nothing', async ({
    page,
  }) => {
    await page.goto('/reduction?dataset=csv&method=pca&components=2&compare=0');
    await expect(page.getByTestId('reduction-error')).toContainText('no CSV file chosen');
    const rows = [
      'a,b,c,kind',
      ...Array.from(
        { length: 40 },
        (_, i) => `${i},${(i * 7) % 5},${i % 3 === 0 ? -i : i / 2},${i % 2 ? 'odd' : 'even'}`,
      ),
    ];
    await page.getByLabel('CSV file').setInputFiles({
      name: 'mine.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(rows.join('\n')),
    });
    await done(page);
    await expect(page.getByTestId('reduction-status')).toContainText('40 rows × 3 features');
    await expect(page.locator('.notes')).toContainText('labels from column "kind": 2 classes');
    await page.getByLabel('CSV file').setInputFiles({
      name: 'broken.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('a,b\n1,2\n3,\n5,x\n'),
    });
    await expect(page.getByTestId('reduction-error')).toContainText(
      'column "b" has 2 missing or non-numeric cells (lines 3, 4)',
    );
    await expect(page.getByLabel('Method', { exact: true })).toHaveValue('pca');
  });
});
