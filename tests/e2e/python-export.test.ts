import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

test.describe('Python export', () => {
  test('a lab downloads its settings as a TensorFlow script, and shows it', async ({ page }) => {
    await page.goto(
      '/pruning?samples=1000&epochs=1&fineTuneEpochs=1&sweep=80&sweepEpochs=0&schedule=constant&structure=2:4',
    );
    const panel = page.getByTestId('python-export');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('button', { name: 'Download pruning.py' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('pruning.py');
    const script = readFileSync((await download.path())!, 'utf8');
    expect(script).toContain('tfmot.sparsity.keras.prune_low_magnitude(');
    expect(script).toContain('ConstantSparsity(0.8, begin_step=0, end_step=150, frequency=10)');
    expect(script).toContain('sparsity_m_by_n=(2, 4)');

    // Edited settings change the script; it unfolds on the page.
    await page.getByLabel('Schedule', { exact: true }).selectOption('polynomial');
    await panel.getByText('Show the script').click();
    await expect(panel.locator('pre')).toContainText('PolynomialDecay(initial_sparsity=0');
  });

  test('each lab with an export names its library', async ({ page }) => {
    for (const [path, call] of [
      ['/quantization?samples=1000&hidden=16&epochs=1&bits=8&qatEpochs=0', 'TFLiteConverter'],
      ['/distillation?samples=1000&teacherEpochs=1&studentEpochs=1', 'class Distiller'],
      ['/tuning?budgetKind=trials&budget=2&maxEpochs=1&strategies=random', 'kt.RandomSearch('],
      [
        '/reduction?dataset=iris&method=lda&components=2',
        'LinearDiscriminantAnalysis(n_components',
      ],
      ['/nas?strategies=random&budget=5&repeats=1', 'class SearchSpace(kt.HyperModel)'],
      ['/distributed?strategy=mirrored&workers=2&steps=2', 'tf.distribute.MirroredStrategy()'],
      ['/pipeline?variants=naive&samples=256&epochs=1', "run('naive', raw.map(decode)"],
      ['/train?dataset=xor&epochs=2', 'y = (x[:, 0] * x[:, 1] >= 0).astype(int)'],
      ['/automl?dataset=iris&trials=2&epochs=1', 'optuna.samplers.GPSampler('],
      [
        '/dimensionality?points=50&maxDimension=20&maxFeatures=20&repeats=1',
        'sklearn.neighbors.NearestCentroid()',
      ],
    ]) {
      await page.goto(path);
      const panel = page.getByTestId('python-export');
      await panel.getByText('Show the script').click();
      await expect(panel.locator('pre')).toContainText(call);
    }
  });

  test('the /automl and /dimensionality scripts follow their settings', async ({ page }) => {
    await page.goto('/automl?dataset=breast-cancer&trials=2&epochs=1&selectFeatures=5');
    const automl = page.getByTestId('python-export');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      automl.getByRole('button', { name: 'Download automl.py' }).click(),
    ]);
    const script = readFileSync((await download.path())!, 'utf8');
    expect(script).toContain('sklearn.datasets.load_breast_cancer()');
    expect(script).toContain('SelectKBest(univariate, k=min(5, width))');
    await page.getByLabel('Model search', { exact: true }).selectOption('random');
    await automl.getByText('Show the script').click();
    await expect(automl.locator('pre')).toContainText('sklearn.model_selection.ParameterSampler(');

    await page.goto('/dimensionality?points=50&maxDimension=20&maxFeatures=20&repeats=1');
    const dimensionality = page.getByTestId('python-export');
    await page.getByLabel('Points', { exact: true }).selectOption('gaussian');
    await dimensionality.getByText('Show the script').click();
    await expect(dimensionality.locator('pre')).toContainText('theory = lambda d: np.sqrt(2 / d)');
    await expect(dimensionality.locator('pre')).toContainText(
      'concentration_rows.append(concentration(sample_points(50, d)))',
    );
  });
});
