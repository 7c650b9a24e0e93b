import { readFile } from 'node:fs/promises';
import type { Download, Page } from '@playwright/test';
import { expect, test, waitForTrained } from './fixtures';

/** Clicks the download button and saves both files it hands over, by their suggested names. */
async function downloadModel(page: Page): Promise<Record<string, string>> {
  const downloads: Download[] = [];
  const both = new Promise<void>((resolve) => {
    page.on('download', (download) => {
      downloads.push(download);
      if (downloads.length === 2) resolve();
    });
  });
  await page.getByRole('button', { name: 'Download model.json + weights' }).click();
  await both;
  const paths: Record<string, string> = {};
  for (const download of downloads) {
    const path = test.info().outputPath(download.suggestedFilename());
    await download.saveAs(path);
    paths[download.suggestedFilename()] = path;
  }
  return paths;
}

test.describe('/train model files', () => {
  test('the trained model downloads as TensorFlow.js files and loads back with the same predictions', async ({
    page,
    errors,
  }) => {
    await page.goto('/train?dataset=circles&samples=300&epochs=15&dropout=0.1&seed=5');
    await waitForTrained(page);
    const score = await page.getByTestId('test-score').textContent();
    const confusion = await page.getByTestId('confusion-matrix').textContent();

    const files = await downloadModel(page);
    expect(Object.keys(files).sort()).toEqual(['model.json', 'model.weights.bin']);
    const json = JSON.parse(await readFile(files['model.json'], 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['model.weights.bin']);
    expect(json.userDefinedMetadata.playground.settings.dataset).toBe('circles');

    // Load it on a page with other settings: the file's settings come back, so do the test rows.
    await page.goto('/train?dataset=circles&samples=300&epochs=2&seed=9');
    await waitForTrained(page);
    await page.getByTestId('model-chooser').setInputFiles(Object.values(files));
    const status = page.getByTestId('train-status');
    await expect(status).toContainText('Evaluated the saved model', { timeout: 60_000 });
    await expect(page.getByTestId('model-note')).toContainText('come from the model file');
    await expect(page).toHaveURL(/seed=5/);
    await expect(page.getByTestId('test-score')).toHaveText(score ?? '');
    await expect(page.getByTestId('confusion-matrix')).toHaveText(confusion ?? '');
    await expect(page.getByTestId('results-table')).toContainText('a saved model');
    expect(errors).toEqual([]);
  });

  test('a model.json without its weights, or for other data, gets a message', async ({ page }) => {
    await page.goto('/train?dataset=circles&samples=200&epochs=2');
    await waitForTrained(page);
    const files = await downloadModel(page);
    const chooser = page.getByTestId('model-chooser');
    await chooser.setInputFiles(files['model.json']);
    await expect(page.getByTestId('model-error')).toContainText(
      "model.json needs 'model.weights.bin'",
    );
    await chooser.setInputFiles({
      name: 'model.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format":"graph-model","modelTopology":{}}'),
    });
    await expect(page.getByTestId('model-error')).toContainText("not a 'layers-model'");

    // The same files with the playground's settings removed evaluate on the page's data: digits
    // has 64 features, the model takes 2.
    const json = JSON.parse(await readFile(files['model.json'], 'utf8'));
    delete json.userDefinedMetadata;
    await page.goto('/train?dataset=digits&samples=300&epochs=1');
    await waitForTrained(page);
    await page.getByTestId('model-chooser').setInputFiles([
      {
        name: 'model.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(json)),
      },
      {
        name: 'model.weights.bin',
        mimeType: 'application/octet-stream',
        buffer: await readFile(files['model.weights.bin']),
      },
    ]);
    await expect(page.getByTestId('train-error')).toContainText(
      'maps 2 inputs to 2 outputs; this data needs 64 to 10',
    );
  });

  test('a pruned network from /pruning downloads and evaluates on /train’s MNIST', async ({
    page,
    errors,
  }) => {
    await page.goto(
      '/pruning?samples=1000&epochs=1&fineTuneEpochs=1&endStep=5&frequency=1&sweep=0-80&sweepEpochs=0',
    );
    await expect(page.getByTestId('pruning-status')).toContainText('Done in', { timeout: 120_000 });
    const files = await downloadModel(page);
    const json = JSON.parse(await readFile(files['model.json'], 'utf8'));
    expect(json.userDefinedMetadata.playground).toMatchObject({ lab: 'pruning', dataset: 'mnist' });

    await page.goto('/train?dataset=circles&samples=200&epochs=1');
    await waitForTrained(page);
    await page.getByTestId('model-chooser').setInputFiles(Object.values(files));
    await expect(page.getByTestId('train-status')).toContainText('Evaluated the saved model', {
      timeout: 60_000,
    });
    await expect(page.getByTestId('model-note')).toContainText(
      'Trained on MNIST (10,000 digits) in /pruning',
    );
    await expect(page).toHaveURL(/dataset=mnist/);
    // A network that learned digits: far above the 10% of guessing, with ten classes.
    const score = parseFloat((await page.getByTestId('test-score').textContent()) ?? '0');
    expect(score).toBeGreaterThan(30);
    await expect(page.getByTestId('confusion-matrix').locator('tbody tr')).toHaveCount(10);
    expect(errors).toEqual([]);
  });
});
