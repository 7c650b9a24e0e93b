import { interpolateRdBu, rgb, schemeTableau10 } from 'd3';

/** Class colours: TensorFlow Playground's orange and blue first, then Tableau 10. */
export const classColors = ['#f59322', '#0877bd', '#2ca02c', ...schemeTableau10.slice(3)];

export const classColor = (k: number): string => classColors[k % classColors.length];

/** [r, g, b] of a CSS colour. */
export function rgbOf(color: string): [number, number, number] {
  const c = rgb(color);
  return [c.r, c.g, c.b];
}

/** Mixes `color` with white: t = 0 is white, t = 1 the colour. */
export function tint([r, g, b]: [number, number, number], t: number): [number, number, number] {
  return [255 + (r - 255) * t, 255 + (g - 255) * t, 255 + (b - 255) * t];
}

/** Diverging colour for regression values in [-1, 1] (blue positive, red negative). */
export const divergingRgb = (t: number): [number, number, number] =>
  rgbOf(interpolateRdBu((t + 1) / 2));
