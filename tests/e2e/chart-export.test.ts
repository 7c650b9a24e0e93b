import { readFileSync } from 'node:fs';
import { expect, test, waitForTrained } from './fixtures';

test.describe('chart export', () => {
  test('a chart saves as a standalone SVG that opens on its own, and as a PNG', async ({
    page,
    errors,
  }) => {
    await page.goto('/train?epochs=5');
    await waitForTrained(page);
    const [svgFile] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download Loss as SVG' }).click(),
    ]);
    expect(svgFile.suggestedFilename()).toBe('loss.svg');
    const svg = readFileSync((await svgFile.path())!, 'utf8');
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('<title>Loss</title>');

    // Opened alone (no page styles), the file draws the two curves in their own colours.
    const viewer = await page.context().newPage();
    await viewer.goto(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
    const curves = viewer.locator('path[stroke-width="2px"]');
    await expect(curves).toHaveCount(2);
    const strokes = await curves.evaluateAll((paths) => paths.map((p) => p.getAttribute('stroke')));
    expect(new Set(strokes).size).toBe(2);
    expect(await viewer.locator('text').count()).toBeGreaterThan(5); // tick labels travel too
    await viewer.close();

    const [pngFile] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download Loss as PNG' }).click(),
    ]);
    expect(pngFile.suggestedFilename()).toBe('loss.png');
    const png = readFileSync((await pngFile.path())!);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // Twice the chart's size: width at bytes 16-19 of the IHDR chunk.
    const box = (await page.getByRole('img', { name: /^Loss:/ }).boundingBox())!;
    expect(png.readUInt32BE(16)).toBe(Math.ceil(box.width * 2));
    expect(errors).toEqual([]);
  });

  test('canvas views save too: the decision surface inside its SVG, a scatter as a PNG, a Gantt chart', async ({
    page,
    errors,
  }) => {
    const download = async (name: string | RegExp) => {
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name }).click(),
      ]);
      return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) };
    };
    await page.goto('/train?epochs=5');
    await waitForTrained(page);
    const surface = await download('Download Decision boundary as SVG');
    expect(surface.name).toBe('decision-boundary.svg');
    const svg = surface.bytes.toString('utf8');
    // The canvas's pixels travel inside the SVG as an image under the points and axes.
    expect(svg).toMatch(/<image [^>]*href="data:image\/png;base64,/);
    expect((svg.match(/<circle /g) ?? []).length).toBeGreaterThan(100);
    const viewer = await page.context().newPage();
    await viewer.goto(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
    const image = (await viewer.locator('image').boundingBox())!;
    expect(image.width).toBeGreaterThan(200);
    await viewer.close();
    const surfacePng = await download('Download Decision boundary as PNG');
    expect(surfacePng.bytes.subarray(1, 4).toString()).toBe('PNG');

    await page.goto('/reduction?dataset=wine&method=pca&components=3&compare=0');
    await expect(page.getByTestId('reduction-status')).toContainText('Done in', {
      timeout: 60_000,
    });
    const scatter = await download(/Download .* against .* as PNG/);
    expect(scatter.name).toMatch(/against.*\.png$/);
    const canvas = (await page.locator('figure.scatter canvas').first().boundingBox())!;
    expect(scatter.bytes.readUInt32BE(16)).toBeGreaterThanOrEqual(Math.floor(canvas.width));

    await page.goto(
      '/distributed?samples=1000&hidden=32&globalBatch=60&strategy=mirrored&workers=2&steps=4',
    );
    await expect(page.getByTestId('distributed-status')).toContainText('Done in', {
      timeout: 120_000,
    });
    const gantt = page.getByTestId('gantt').first();
    const title = (await gantt.locator('figcaption .title').textContent())!.trim();
    const ganttFile = await download(`Download ${title} as SVG`);
    const ganttSvg = ganttFile.bytes.toString('utf8');
    expect((ganttSvg.match(/data-kind="compute"/g) ?? []).length).toBeGreaterThan(3);
    // The legend keys come along with their colours.
    expect(ganttSvg).toMatch(/<line [^>]*stroke="rgb/);
    expect(errors).toEqual([]);
  });
});
