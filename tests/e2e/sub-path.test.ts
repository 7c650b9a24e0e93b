import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { expect, test, waitForTrained } from './fixtures';

// A project page on a static host lives under a sub-path; BASE_PATH is the one setting for it.
const base = '/ml-playground';
const dir = 'build-sub-path';
const port = 4174;
let server: ChildProcess;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const env = { ...process.env, BASE_PATH: base, BUILD_DIR: dir };
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], {
    env,
    encoding: 'utf8',
  });
  expect(build.status, build.stderr).toBe(0);
  server = spawn('node', ['scripts/serve.mjs', '--port', String(port)], { env, stdio: 'pipe' });
  await new Promise<void>((resolve) => server.stdout?.on('data', () => resolve()));
});

test.afterAll(() => {
  server?.kill();
  rmSync(dir, { recursive: true, force: true });
});

test('the app built with BASE_PATH works under that sub-path', async ({ page, errors }) => {
  await page.goto(`http://localhost:${port}${base}/`);
  await expect(page.getByRole('link', { name: 'Train a network' }).first()).toHaveAttribute(
    'href',
    `${base}/train`,
  );
  await page.getByRole('link', { name: 'Train a network' }).first().click();
  await expect(page).toHaveURL(new RegExp(`${base}/train`));
  await expect(page.getByTestId('backend-badge')).toHaveText('WASM (SIMD)');
  await page.getByLabel('Dataset').selectOption('iris');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await waitForTrained(page);
  await expect(page).toHaveURL(new RegExp(`${base}/train\\?dataset=iris`));
  await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 60_000 });
  expect(errors).toEqual([]);
});
