/** One line (or set of dots) of a LineChart. */
export interface Series {
  name: string;
  color: string;
  values: { x: number; y: number }[];
  dashed?: boolean;
  /** Draw the values as dots (e.g. Monte Carlo estimates) instead of a line. */
  dots?: boolean;
  /** A shaded range around the line (e.g. the 10th to 90th percentile over repeats). */
  band?: { x: number; lo: number; hi: number }[];
}
