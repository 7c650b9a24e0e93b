import { csvFormat } from 'd3';
import { labSettings } from '../../engine/lab-settings';
import type { EpochMetrics } from '../../engine/models/fit';
import { defaults, encodeValue, type Schema } from '../../engine/settings/schema';

/** The schema of a lab by name, or null for a name that is not a lab with settings. */
export function schemaOf(lab: string): Schema | null {
  return Object.hasOwn(labSettings, lab)
    ? labSettings[lab as keyof typeof labSettings].schema
    : null;
}

/** One setting as the URL writes it (lists as `16-8`, booleans as 1/0); JSON for unknown keys. */
function formatSetting(schema: Schema | null, key: string, value: unknown): string {
  const field = schema?.[key];
  if (value === undefined) return '—';
  return field ? encodeValue(field, value) : JSON.stringify(value);
}

/** The settings that differ from the lab's defaults, as `key value` pairs, for a run's one-line summary. */
export function keySettings(lab: string, settings: Record<string, unknown>): string[] {
  const schema = schemaOf(lab);
  const base: Record<string, unknown> = schema ? defaults(schema) : {};
  return Object.keys(settings)
    .filter((key) => JSON.stringify(settings[key]) !== JSON.stringify(base[key]))
    .map((key) => `${key} ${formatSetting(schema, key, settings[key])}`);
}

export interface DiffRow {
  key: string;
  label: string;
  /** One value per run, formatted as in the URL. */
  values: string[];
  differs: boolean;
}

/** Every setting of the runs (the schema's order, then unknown keys), marking those that differ. */
export function settingsDiff(lab: string, runs: Record<string, unknown>[]): DiffRow[] {
  const schema = schemaOf(lab);
  const keys = [...new Set([...Object.keys(schema ?? {}), ...runs.flatMap(Object.keys)])].filter(
    (key) => runs.some((settings) => key in settings),
  );
  return keys.map((key) => {
    const values = runs.map((settings) => formatSetting(schema, key, settings[key]));
    return {
      key,
      label: schema?.[key]?.label ?? key,
      values,
      differs: values.some((value) => value !== values[0]),
    };
  });
}

/** A run's per-epoch metrics by model (one lab trains one model, another several). */
export type EpochHistories = Record<string, EpochMetrics[]>;

/**
 * How to find the per-epoch metrics in each lab's result; labs without epochs are absent. The
 * result arrives untyped from storage or a file, so each reader checks the shape it needs.
 */
const historyReaders: Record<string, (result: never) => EpochHistories> = {
  train: (r: { history: EpochMetrics[] }) => ({ model: r.history }),
  distillation: (r: Record<'teacher' | 'scratch' | 'distilled', { history: EpochMetrics[] }>) => ({
    teacher: r.teacher.history,
    scratch: r.scratch.history,
    distilled: r.distilled.history,
  }),
  quantization: (r: {
    history: { float: EpochMetrics[]; qat: { bits: number; metrics: EpochMetrics[] }[] };
  }) =>
    Object.fromEntries([
      ['float', r.history.float],
      ...r.history.qat.map(({ bits, metrics }) => [`qat-${bits}`, metrics]),
    ]),
  pruning: (r: { dense: { history: EpochMetrics[] }; pruned: { history: EpochMetrics[] } }) => ({
    dense: r.dense.history,
    pruned: r.pruned.history,
  }),
};

/** The per-epoch metrics of a run's result, or null when its lab has none (or the result lacks them). */
export function epochHistories(lab: string, result: unknown): EpochHistories | null {
  const read = historyReaders[lab] as ((result: unknown) => EpochHistories) | undefined;
  if (!read || result === null || typeof result !== 'object') return null;
  try {
    const histories = read(result);
    return Object.values(histories).every(Array.isArray) ? histories : null;
  } catch {
    return null;
  }
}

export const hasEpochs = (lab: string): boolean => Object.hasOwn(historyReaders, lab);

/** The epoch histories as CSV: one row per model and epoch. */
export function historiesCsv(histories: EpochHistories): string {
  return csvFormat(
    Object.entries(histories).flatMap(([model, metrics]) =>
      metrics.map((m) => ({
        model,
        epoch: m.epoch,
        loss: m.loss,
        score: m.score,
        validationLoss: m.validationLoss,
        validationScore: m.validationScore,
        seconds: m.seconds,
      })),
    ),
    ['model', 'epoch', 'loss', 'score', 'validationLoss', 'validationScore', 'seconds'],
  );
}
