import { createRng } from '../../engine/rng';
import type { DistillParams } from './distill';

export interface DistillCase extends DistillParams {
  /** Spread of the logits: large values test the max-subtraction. */
  scale: number;
  seed: number;
}

/**
 * The table every distillation-kernel check runs (Node and /diagnostics): temperatures from 1 to
 * 20, weights 0, 0.5 and 1, one to 1000 classes, row counts around the 64-row workgroup, and
 * logits up to +-200 (exp would overflow without the max-subtraction).
 */
export const distillCases: DistillCase[] = [
  { rows: 1, classes: 10, temperature: 1, alpha: 0.5, scale: 3, seed: 1 },
  { rows: 64, classes: 10, temperature: 4, alpha: 0.7, scale: 5, seed: 2 },
  { rows: 65, classes: 10, temperature: 20, alpha: 1, scale: 5, seed: 3 },
  { rows: 130, classes: 3, temperature: 2, alpha: 0, scale: 2, seed: 4 },
  { rows: 7, classes: 1000, temperature: 8, alpha: 0.9, scale: 4, seed: 5 },
  { rows: 33, classes: 10, temperature: 3, alpha: 0.5, scale: 200, seed: 6 },
];

/** Seeded logits in [-scale, scale] and one-hot targets, all [rows, classes]. */
export function distillInputs(c: DistillCase) {
  const rng = createRng(c.seed);
  const logits = () =>
    Float32Array.from({ length: c.rows * c.classes }, () => rng.uniform(-c.scale, c.scale));
  const student = logits();
  const teacher = logits();
  const targets = new Float32Array(c.rows * c.classes);
  for (let r = 0; r < c.rows; r++) targets[r * c.classes + rng.int(c.classes)] = 1;
  return { student, teacher, targets };
}

/** |gpu - cpu| <= 1e-3 * max(1, |cpu|): float32 against float64. */
export const DISTILL_TOLERANCE = 1e-3;
