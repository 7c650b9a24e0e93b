import { chooseBackend, curvePoints, expect, test, waitForTrained } from './fixtures';

test.describe('/train', () => {
  test('trains on WASM: the curves move, the boundary and the confusion matrix draw', async ({
    page,
    errors,
  }) => {
    await page.goto('/train?epochs=20');
    await expect(page.getByTestId('backend-badge')).toHaveText('WASM (SIMD)');
    const status = await waitForTrained(page);
    expect(status).toContain('on wasm');
    expect(await curvePoints(page, 'Loss')).toBe(20);
    expect(await curvePoints(page, 'Accuracy')).toBe(20);
    await expect(page.getByTestId('surface').locator('canvas')).toBeVisible();
    await expect(page.getByTestId('confusion-matrix')).toContainText('correct');
    const score = await page.getByTestId('test-score').textContent();
    expect(parseFloat(score ?? '0')).toBeGreaterThan(80);
    expect(errors).toEqual([]);
  });

  test('trains on WebGPU when chosen, and the curves move', async ({ page, errors }) => {
    await page.goto('/train?epochs=4&samples=200&batchSize=50');
    await waitForTrained(page);
    await chooseBackend(page, 'webgpu', /^WebGPU · /);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect(page.getByTestId('train-status')).toContainText('Training');
    const status = await waitForTrained(page, 170_000);
    expect(status).toContain('on webgpu');
    expect(await curvePoints(page, 'Loss')).toBe(4);
    expect(errors).toEqual([]);
  });

  test('stays responsive while training: a click is handled within 200 ms', async ({ page }) => {
    await page.goto(
      '/train?dataset=mnist&samples=4000&hiddenLayers=256-128&epochs=30&batchSize=32',
    );
    await expect(page.getByTestId('train-status')).toContainText('Training', { timeout: 60_000 });
    await expect(page.getByTestId('train-status')).toContainText('batch', { timeout: 60_000 });
    const toggle = page.getByRole('button', { name: /theme/ });
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const before = await page.locator('html').getAttribute('data-theme');
      // Time from the click to the DOM change, measured inside the page.
      const delay = await page.evaluate(async (previous) => {
        const button = [...document.querySelectorAll('button')].find((b) =>
          /theme/.test(b.getAttribute('aria-label') ?? ''),
        );
        const started = performance.now();
        button!.click();
        while (document.documentElement.dataset.theme === previous)
          await new Promise((r) => requestAnimationFrame(r));
        return performance.now() - started;
      }, before);
      delays.push(delay);
      await page.waitForTimeout(150);
    }
    await toggle.focus();
    expect(Math.max(...delays)).toBeLessThan(200);
    await expect(page.getByTestId('train-status')).toContainText('Training');
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByTestId('train-status')).toContainText('Stopped');
  });

  test('a shared URL restores every setting, and edits go back into the URL', async ({
    page,
    errors,
  }) => {
    await page.goto(
      '/train?dataset=moons&samples=300&hiddenLayers=6-3&activation=tanh&learningRate=0.003&epochs=7&seed=42&optimizer=sgd',
    );
    await expect(page.getByLabel('Dataset')).toHaveValue('moons');
    await expect(page.getByLabel('Samples')).toHaveValue('300');
    await expect(page.getByLabel('Units in hidden layer 1')).toHaveValue('6');
    await expect(page.getByLabel('Units in hidden layer 2')).toHaveValue('3');
    await expect(page.getByLabel('Activation')).toHaveValue('tanh');
    await expect(page.getByLabel('Learning rate')).toHaveValue('0.003');
    await expect(page.getByLabel('Optimizer')).toHaveValue('sgd');
    await expect(page.getByLabel('Seed')).toHaveValue('42');
    await waitForTrained(page);
    expect(await curvePoints(page, 'Loss')).toBe(7);
    await page.getByLabel('Epochs').fill('9');
    await expect(page).toHaveURL(/epochs=9/);
    await expect(page).toHaveURL(/hiddenLayers=6-3/);
    expect(errors).toEqual([]);
  });

  test('the same link gives the same numbers', async ({ page }) => {
    const link = '/train?dataset=xor&epochs=6&seed=7';
    await page.goto(link);
    await waitForTrained(page);
    const first = await page.getByTestId('results-table').locator('tbody').textContent();
    await page.goto(link);
    await waitForTrained(page);
    expect(await page.getByTestId('results-table').locator('tbody').textContent()).toBe(first);
  });

  test('garbage in the URL falls back to defaults with a notice', async ({ page, errors }) => {
    await page.goto(
      '/train?dataset=%3Cscript%3E&learningRate=lots&hiddenLayers=8-x&epochs=-3&model=cnn',
    );
    const notices = page.getByTestId('url-notice');
    await expect(notices).toHaveCount(5);
    await expect(notices.first()).toContainText('dataset');
    await expect(page.getByLabel('Dataset')).toHaveValue('circles');
    await expect(page.getByLabel('Learning rate')).toHaveValue('0.01');
    await expect(page.getByLabel('Epochs')).toHaveValue('40');
    await waitForTrained(page);
    await expect(page).toHaveURL(/dataset=circles/);
    expect(errors).toEqual([]);
  });

  test('Stop cancels a run inside the worker, and a new run starts at once', async ({ page }) => {
    await page.goto('/train?epochs=500&samples=2000');
    await expect(page.getByTestId('train-status')).toContainText('Training');
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByTestId('train-status')).toContainText('Stopped');
    await page.getByLabel('Epochs').fill('5');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await waitForTrained(page);
    expect(await curvePoints(page, 'Loss')).toBe(5);
  });

  test('the CNN trains on real digits and the confusion matrix has ten classes', async ({
    page,
  }) => {
    await page.goto(
      '/train?dataset=digits&model=cnn&filters=4&hiddenLayers=32&epochs=3&samples=800',
    );
    const status = await waitForTrained(page);
    // tfjs's WASM backend cannot train convolutions: the run moves to CPU and says so.
    expect(status).toContain('on cpu');
    await expect(page.getByTestId('train-notice')).toContainText('Conv2DBackpropFilter');
    await expect(page.getByTestId('confusion-matrix').locator('tbody tr')).toHaveCount(10);
    await expect(page.getByTestId('image-examples').locator('li')).toHaveCount(24);
  });

  test('works from the keyboard: every control is labelled, Enter trains', async ({ page }) => {
    await page.goto('/train?epochs=3');
    await waitForTrained(page);
    await page.getByLabel('Dataset').focus();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByLabel('Dataset')).toHaveValue('moons');
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Samples')).toBeFocused();
    await page.getByLabel('Epochs').focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('4');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('train-status')).toContainText('Training');
    await waitForTrained(page);
    expect(await curvePoints(page, 'Loss')).toBe(4);
    await expect(page).toHaveURL(/dataset=moons/);
  });
});
