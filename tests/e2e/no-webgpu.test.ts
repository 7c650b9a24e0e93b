import { chromiumArgs, chromiumPath } from '../../playwright.config';
import { chooseBackend, expect, test, waitForTrained } from './fixtures';

// A browser without --enable-unsafe-webgpu: Chromium on Linux then offers no WebGPU adapter.
test.use({
  launchOptions: {
    executablePath: chromiumPath,
    args: chromiumArgs.filter((a) => a !== '--enable-unsafe-webgpu'),
  },
});

test('a failed WebGPU init: a WebGPU request runs on WASM and the badge says why', async ({
  page,
  errors,
}) => {
  await page.goto('/train?epochs=3');
  await waitForTrained(page);
  await chooseBackend(page, 'webgpu', 'WASM (SIMD)');
  await expect(page.getByTestId('backend-badge')).toHaveAttribute(
    'title',
    /WebGPU was requested but is unavailable \(no WebGPU adapter is available\)/,
  );
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  expect(await waitForTrained(page)).toContain('on wasm');
  expect(errors).toEqual([]);
});
