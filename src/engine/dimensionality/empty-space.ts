import { logBallVolume } from '../math';
import type { Rng } from '../rng';

/**
 * How empty high-dimensional space is, for the unit cube [0, 1]^d, with formulas and a Monte
 * Carlo check of each from `samples` uniform points.
 */
export interface EmptySpaceRow {
  d: number;
  /** Volume of the inscribed ball (radius 1/2) over the cube's: pi^(d/2) / Gamma(d/2 + 1) / 2^d. */
  ballShare: number;
  /** log10 of ballShare, finite where ballShare underflows to 0 (d above about 700). */
  ballShareLog10: number;
  /** Share of uniform points inside that ball. */
  ballShareSampled: number;
  /** Share of the cube within `edge` of its surface: 1 - (1 - 2 edge)^d. */
  shellShare: number;
  shellShareSampled: number;
}

export const SHELL_EDGE = 0.05;

export function emptySpaceRow(d: number, samples: number, rng: Rng): EmptySpaceRow {
  let inside = 0;
  let nearSurface = 0;
  for (let s = 0; s < samples; s++) {
    let radius2 = 0;
    let near = false;
    for (let k = 0; k < d; k++) {
      const v = rng.next();
      radius2 += (v - 0.5) ** 2;
      if (v < SHELL_EDGE || v > 1 - SHELL_EDGE) near = true;
    }
    if (radius2 <= 0.25) inside++;
    if (near) nearSurface++;
  }
  return {
    d,
    ballShare: Math.exp(logBallVolume(d, 0.5)),
    ballShareLog10: logBallVolume(d, 0.5) / Math.LN10,
    ballShareSampled: inside / samples,
    shellShare: 1 - (1 - 2 * SHELL_EDGE) ** d,
    shellShareSampled: nearSurface / samples,
  };
}
