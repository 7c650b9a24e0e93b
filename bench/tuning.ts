import { chromium } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../playwright.config';
import { serveBuild } from './serve-build';
import { printTable } from './timing';

export interface TuningRow {
  parallel: number;
  trials: number;
  seconds: number;
  trialsPerMinute: number;
}

/**
 * Trials per minute of /tuning in the built app (Chromium), with 1 and 2 trials at once: random
 * search, 16 trials of 5 epochs on 1,500 digits, no pruning, each trial a /train job in the pool.
 */
export async function benchTuning(): Promise<TuningRow[]> {
  const server = await serveBuild(4197);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  const rows: TuningRow[] = [];
  try {
    const page = await browser.newPage({ serviceWorkers: 'block' });
    const status = page.getByTestId('tuning-status');
    // A warm-up search with two trials at once starts both workers and loads the data in each,
    // so the timed searches measure trials, not worker start-up.
    await page.goto(
      `${server.origin}/tuning?dataset=digits&samples=1500&strategies=random&budgetKind=trials&budget=16&maxEpochs=5&prune=0&parallel=2`,
    );
    await status.getByText('Done in').waitFor({ timeout: 600_000 });
    for (const parallel of [1, 2]) {
      await page.getByLabel('Trials at once').fill(String(parallel));
      await page.getByRole('button', { name: 'Search' }).click();
      await status.getByText('Searching').waitFor();
      await status.getByText('Done in').waitFor({ timeout: 600_000 });
      const text = (await status.textContent()) ?? '';
      const seconds = Number(/Done in ([\d.]+) s/.exec(text)?.[1]);
      const trials = Number(/: (\d+) trials/.exec(text)?.[1]);
      rows.push({ parallel, trials, seconds, trialsPerMinute: trials / (seconds / 60) });
    }
  } finally {
    await browser.close();
    server.close();
  }
  printTable(
    '/tuning in Chromium, warm workers: random search, 16 trials x 5 epochs on 1,500 digits',
    ['trials at once', 'trials', 'seconds', 'trials / min'],
    rows.map((r) => [r.parallel, r.trials, r.seconds.toFixed(1), r.trialsPerMinute.toFixed(1)]),
  );
  return rows;
}
