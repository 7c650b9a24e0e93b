/**
 * Svelte action: draws a grey-level image (values in [0, 1], 1 = ink, drawn dark) into the
 * canvas it is used on. `pixels` holds height * width values, row-major.
 */
export function grayscale(
  canvas: HTMLCanvasElement,
  { pixels, width, height }: { pixels: ArrayLike<number>; width: number; height: number },
) {
  const draw = (values: ArrayLike<number>) => {
    const context = canvas.getContext('2d');
    if (!context) return;
    const image = context.createImageData(width, height);
    for (let p = 0; p < width * height; p++) {
      const level = 255 * (1 - Math.max(0, Math.min(1, values[p])));
      image.data.set([level, level, level, 255], 4 * p);
    }
    context.putImageData(image, 0, 0);
  };
  draw(pixels);
  return { update: (next: { pixels: ArrayLike<number> }) => draw(next.pixels) };
}
