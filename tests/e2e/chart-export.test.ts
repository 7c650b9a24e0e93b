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
});
