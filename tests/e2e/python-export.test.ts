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
    ]) {
      await page.goto(path);
      const panel = page.getByTestId('python-export');
      await panel.getByText('Show the script').click();
      await expect(panel.locator('pre')).toContainText(call);
    }
  });
});
