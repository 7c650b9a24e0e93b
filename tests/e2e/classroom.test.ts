import type { Locator, Page } from '@playwright/test';
import { narrativeFor, narratives } from '../../src/lib/classroom/narratives';
import type { Narrative } from '../../src/lib/classroom/steps';
import { expect, test, waitForTrained } from './fixtures';

/** Small, fast settings per lab, and the data-testid of its status line. */
const fast: Record<string, { query: string; status: string }> = {
  '/train': { query: 'epochs=5&samples=200', status: 'train-status' },
  '/tuning': {
    query:
      'samples=600&strategies=random.bayesian&budgetKind=trials&budget=6&maxEpochs=2&initialTrials=3',
    status: 'tuning-status',
  },
  '/nas': { query: 'strategies=random.evolution&budget=20&repeats=3', status: 'nas-status' },
  '/automl': { query: 'trials=3&epochs=10', status: 'automl-status' },
  '/dimensionality': {
    query: 'points=150&maxDimension=300&maxFeatures=60&informative=15&redundant=10&repeats=3',
    status: 'dimensionality-status',
  },
  '/reduction': { query: 'samples=500&components=5', status: 'reduction-status' },
  '/quantization': {
    query: 'samples=1000&hidden=32&epochs=2&bits=8-3&qatEpochs=1&calibrationRows=100&batchSize=64',
    status: 'quantization-status',
  },
  '/pruning': {
    query: 'samples=1000&epochs=1&fineTuneEpochs=1&endStep=5&frequency=1&sweep=0-80&sweepEpochs=0',
    status: 'pruning-status',
  },
  '/distillation': {
    query:
      'samples=1000&teacherHidden=64&teacherEpochs=2&studentHidden=16&studentEpochs=3&batchSize=64',
    status: 'distillation-status',
  },
  '/distributed': {
    query: 'samples=1000&hidden=32&globalBatch=60&workers=2&steps=8',
    status: 'distributed-status',
  },
  '/pipeline': {
    query: 'samples=256&batchSize=32&epochs=2&hidden=16&elasticSigma=2',
    status: 'pipeline-status',
  },
};

const opened = (page: Page, route: string, extra = '') =>
  page.goto(`${route}?${fast[route].query}${extra}`);

const finished = (page: Page, route: string) =>
  expect(page.getByTestId(fast[route].status)).toContainText('Done in', { timeout: 170_000 });

const outline = (view: Locator) => view.first().evaluate((el) => getComputedStyle(el).outlineStyle);
const opacity = (view: Locator) =>
  view.first().evaluate((el) => Number(getComputedStyle(el).opacity));

/** Checks that step `k` (0-based) of `narrative` is on screen: text, counter, URL, its view. */
async function expectStep(page: Page, narrative: Narrative, k: number) {
  const step = narrative.steps[k];
  const n = narrative.steps.length;
  await expect(page.getByTestId('step-counter')).toHaveText(`Step ${k + 1} of ${n}`);
  await expect(page.getByTestId('step-title')).toHaveText(step.title);
  await expect(page.getByTestId('step-text')).toHaveText(step.text);
  await expect(page).toHaveURL(new RegExp(`[?&]present=${k + 1}(&|$)`));
  if (step.view) {
    const view = page.getByTestId(step.view);
    await expect.poll(() => outline(view)).toBe('solid');
    await expect(view.first()).toBeInViewport();
    await expect.poll(() => opacity(view)).toBe(1); // after the 0.3 s fade
  }
  // A view no step has introduced yet is dimmed.
  const introduced = new Set(narrative.steps.slice(0, k + 1).flatMap((s) => s.view ?? []));
  const later = narrative.steps.slice(k + 1).find((s) => s.view && !introduced.has(s.view));
  if (later?.view)
    await expect.poll(() => opacity(page.getByTestId(later.view!))).toBeLessThan(0.5);
}

test.describe('classroom mode', () => {
  test('/train: Present walks every step by keyboard, keeps present in the URL, Esc leaves', async ({
    page,
    errors,
  }) => {
    const narrative = narrativeFor('/train')!;
    const last = narrative.steps.length - 1;
    await opened(page, '/train');
    await waitForTrained(page);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav).toBeVisible();

    await page.getByRole('button', { name: 'Present' }).click();
    await expect(page.getByTestId('presenter')).toBeVisible();
    await expect(nav).toBeHidden();
    await expect(page.locator('html')).toHaveClass(/presenting/);
    expect(
      await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize)),
    ).toBeGreaterThan(16);
    await expectStep(page, narrative, 0);
    for (let k = 1; k <= last; k++) {
      await page.keyboard.press('ArrowRight');
      await expectStep(page, narrative, k);
    }
    await page.keyboard.press('ArrowRight'); // past the end: stays on the last step
    await expectStep(page, narrative, last);
    await page.keyboard.press('Home');
    await expectStep(page, narrative, 0);
    await page.keyboard.press('End');
    await expectStep(page, narrative, last);
    await page.keyboard.press('ArrowLeft');
    await expectStep(page, narrative, last - 1);
    await page.keyboard.press('PageUp');
    await expectStep(page, narrative, last - 2);
    await page.keyboard.press('PageDown');
    await expectStep(page, narrative, last - 1);

    // Keys typed into a setting stay there, and editing a setting keeps present in the URL.
    const epochs = page.getByLabel('Epochs');
    await epochs.fill('6');
    await epochs.press('ArrowRight');
    await epochs.press('Escape');
    await expectStep(page, narrative, last - 1);
    await expect(page).toHaveURL(/epochs=6/);

    // A reload comes back to the step; Escape leaves and takes present out of the URL.
    await page.reload();
    await expectStep(page, narrative, last - 1);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('presenter')).toHaveCount(0);
    await expect(nav).toBeVisible();
    await expect(page.locator('html')).not.toHaveClass(/presenting/);
    expect(new URL(page.url()).searchParams.has('present')).toBe(false);
    await expect(page).toHaveURL(/epochs=6/);
    expect(errors).toEqual([]);
  });

  test('/dimensionality: a bookmarked ?present=1 opens presenter view; the buttons walk it', async ({
    page,
    errors,
  }) => {
    const narrative = narrativeFor('/dimensionality')!;
    await opened(page, '/dimensionality', '&present=1');
    await finished(page, '/dimensionality');
    await expectStep(page, narrative, 0);
    await expect(page.getByRole('button', { name: 'Previous step' })).toBeDisabled();
    for (let k = 1; k < narrative.steps.length; k++) {
      await page.getByRole('button', { name: 'Next step' }).click();
      await expectStep(page, narrative, k);
    }
    await expect(page.getByRole('button', { name: 'Next step' })).toBeDisabled();
    // Space on a focused button clicks it once, not twice.
    await page.getByRole('button', { name: 'Previous step' }).focus();
    await page.keyboard.press(' ');
    await expectStep(page, narrative, narrative.steps.length - 2);
    await page.getByRole('button', { name: 'Leave presenter view' }).click();
    await expect(page.getByTestId('presenter')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Present' })).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('a bad present value falls back to the first step', async ({ page }) => {
    await opened(page, '/train', '&present=lots');
    await expect(page.getByTestId('step-counter')).toHaveText(/^Step 1 of/);
  });
});

/** Pages of a PDF: its /Type /Page objects (not the /Pages tree). */
const pdfPages = (pdf: Buffer) =>
  (pdf.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;

test.describe('the printed handout', () => {
  test('/train prints on one A4 or Letter page, with the settings and the link to the run', async ({
    page,
    errors,
  }) => {
    await opened(page, '/train', '&seed=7');
    await waitForTrained(page);
    await expect(page.getByRole('button', { name: 'Handout' })).toBeVisible();
    for (const format of ['A4', 'Letter']) {
      const pdf = await page.pdf({ format });
      expect(pdfPages(pdf), format).toBe(1);
      // The settings travel in the handout's link to the run (plain text in the PDF).
      const text = pdf.toString('latin1');
      expect(text).toMatch(/\/URI \(http:[^)]*\/train\?[^)]*samples=200[^)]*epochs=5[^)]*seed=7/);
    }
    expect(errors).toEqual([]);
  });

  test('print media shows the handout header and results and hides the controls', async ({
    page,
  }) => {
    await opened(page, '/train');
    await waitForTrained(page);
    await page.emulateMedia({ media: 'print' });
    const settings = page.getByTestId('handout-settings');
    await expect(settings).toBeVisible();
    await expect(settings.locator('div', { hasText: 'Epochs' })).toContainText('5');
    await expect(settings.locator('div', { hasText: 'Samples' }).first()).toContainText('200');
    await expect(page.getByTestId('handout')).toContainText('Train a network');
    await expect(page.getByTestId('loss-chart')).toBeVisible();
    await expect(page.getByTestId('results-table')).toBeVisible();
    for (const hidden of [
      page.getByTestId('settings-form'),
      page.getByTestId('python-export'),
      page.getByRole('navigation', { name: 'Main' }),
      page.getByRole('button', { name: 'Handout' }),
      page.getByRole('button', { name: /Download Loss as/ }).first(),
    ])
      await expect(hidden).toBeHidden();
    await page.emulateMedia({ media: 'screen' });
    await expect(page.getByTestId('settings-form')).toBeVisible();
    await expect(page.getByTestId('handout')).not.toBeVisible();
  });
});

test.describe('every narrative points at views its lab draws', () => {
  for (const narrative of narratives) {
    test(`${narrative.route}: each step's view is on the page after the first run`, async ({
      page,
      errors,
    }) => {
      await opened(page, narrative.route);
      await finished(page, narrative.route);
      for (const view of narrative.steps.flatMap((step) => step.view ?? []))
        await expect(page.getByTestId(view).first(), view).toBeAttached();
      expect(errors).toEqual([]);
    });
  }
});
