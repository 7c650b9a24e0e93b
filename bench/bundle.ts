import { chromium } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { chromiumArgs, chromiumPath } from '../playwright.config';
import { serveBuild } from './serve-build';

export interface BundleRow {
  route: string;
  /** JavaScript the page itself loads (the compute worker's bundle excluded), gzip bytes. */
  pageJsGzip: number;
  /** The compute worker's bundle (tfjs and the engine), gzip bytes. */
  workerJsGzip: number;
}

/**
 * Opens the built app (build/) in Chromium and sums the gzip size of every script it loads,
 * split into the page's own and the compute worker's.
 */
export async function benchBundle(route = '/'): Promise<BundleRow> {
  const server = await serveBuild(4199);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  const page = await browser.newPage({ serviceWorkers: 'block' });
  const row: BundleRow = { route, pageJsGzip: 0, workerJsGzip: 0 };
  const pending: Promise<void>[] = [];
  page.on('response', (response) => {
    const url = response.url();
    if (!url.endsWith('.js')) return;
    pending.push(
      response.body().then((body) => {
        const size = gzipSync(body).length;
        if (url.includes('/workers/')) row.workerJsGzip += size;
        else row.pageJsGzip += size;
      }),
    );
  });
  await page.goto(`${server.origin}${route}`, { waitUntil: 'networkidle' });
  await page.waitForTimeout(1000);
  await Promise.all(pending);
  await browser.close();
  server.close();
  return row;
}
