import { chooseBackend, expect, test, waitForTrained } from './fixtures';

// Requests are intercepted below; a service worker would answer them from its cache first.
test.use({ serviceWorkers: 'block' });

test.describe('bad input gives a clear message and the app keeps working', () => {
  test('a missing dataset file', async ({ page, context }) => {
    await context.route('**/data/wine.bin.gz', (route) =>
      route.fulfill({ status: 404, body: 'Not Found' }),
    );
    await page.goto('/train?dataset=wine&epochs=3');
    await expect(page.getByTestId('train-error')).toContainText(
      'Could not load the wine dataset (wine.bin.gz): HTTP 404',
    );
    await page.getByLabel('Dataset').selectOption('iris');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await waitForTrained(page);
    await expect(page.getByTestId('train-error')).toHaveCount(0);
  });

  test('a corrupt dataset file', async ({ page, context }) => {
    await context.route('**/data/iris.bin.gz', (route) =>
      route.fulfill({ status: 200, body: Buffer.from('MLPD garbage that is not a dataset') }),
    );
    await page.goto('/train?dataset=iris&epochs=3');
    await expect(page.getByTestId('train-error')).toContainText(
      'iris dataset file iris.bin.gz is corrupt',
    );
  });

  test('a compute worker that fails to load, then recovers', async ({ page, context }) => {
    await context.route('**/compute.worker-*.js', (route) =>
      route.fulfill({ status: 500, body: 'boom' }),
    );
    await page.goto('/train?epochs=3');
    await expect(page.getByRole('alert').first()).toContainText(
      'The compute worker stopped unexpectedly',
    );
    await expect(page.getByTestId('backend-badge')).toHaveText('Compute unavailable');
    // The page still works: navigation, controls.
    await page.getByRole('link', { name: 'About' }).click();
    await expect(page.locator('h1')).toHaveText('About');
    await context.unroute('**/compute.worker-*.js');
    await page.getByRole('navigation').getByRole('link', { name: 'Train', exact: true }).click();
    await waitForTrained(page);
    await expect(page.getByTestId('backend-badge')).toHaveText('WASM (SIMD)');
  });

  test('WASM binaries that fail to load: the worker falls back to CPU and says why', async ({
    page,
    context,
  }) => {
    await context.route('**/*.wasm', (route) => route.fulfill({ status: 404, body: '' }));
    await page.goto('/train?epochs=3');
    await expect(page.getByTestId('backend-badge')).toHaveText('CPU');
    await expect(page.getByTestId('backend-badge')).toHaveAttribute(
      'title',
      /wasm failed to start/,
    );
    const status = await waitForTrained(page);
    expect(status).toContain('on cpu');
  });

  test('the GPU device is lost: recreated once, then the worker falls back to WASM', async ({
    page,
  }) => {
    await page.goto('/diagnostics');
    await chooseBackend(page, 'webgpu', /^WebGPU · /);
    await page.getByRole('button', { name: 'Simulate GPU device loss' }).click();
    await expect(page.getByRole('status').first()).toContainText('recreated it once');
    await expect(page.getByTestId('backend-badge')).toHaveText(/^WebGPU · /);
    await page.getByRole('button', { name: 'Simulate GPU device loss' }).click();
    await expect(page.getByTestId('backend-badge')).toHaveText('WASM (SIMD)');
    await expect(page.getByRole('status').first()).toContainText('switched to WASM');
    await page.getByRole('navigation').getByRole('link', { name: 'Train', exact: true }).click();
    expect(await waitForTrained(page)).toContain('on wasm');
  });
});
