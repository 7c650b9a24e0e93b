/**
 * A typed table of settings, after tensorflow/playground's `state.ts`: each lab declares its
 * settings once, with type, default, range, label and help, and the same table validates configs
 * (engine, worker, CLI), round-trips through the URL, renders the controls and prints `--help`.
 *
 * Validation never throws: a bad value is replaced by its default and reported as an `Issue`, so
 * the URL falls back with a notice and the CLI exits naming the setting.
 */

interface FieldBase<T> {
  label: string;
  help: string;
  default: T;
}

export interface NumberField extends FieldBase<number> {
  kind: 'number';
  min: number;
  max: number;
  integer?: boolean;
  /** 'log' for settings that span decades (learning rate): sliders and search use log space. */
  scale?: 'linear' | 'log';
  step?: number;
}

export interface ChoiceField<O extends string = string> extends FieldBase<O> {
  kind: 'choice';
  options: readonly O[];
  /** Human names for the options, same order as `options`. */
  optionLabels?: readonly string[];
}

export interface BooleanField extends FieldBase<boolean> {
  kind: 'boolean';
}

/** A list of integers, e.g. hidden layer widths `[16, 8]`. */
export interface IntListField extends FieldBase<number[]> {
  kind: 'intList';
  minLength: number;
  maxLength: number;
  min: number;
  max: number;
  /** What one entry is, for its control's accessible name ("Units in hidden layer" unless set). */
  itemLabel?: string;
}

/** A subset of a fixed set of options, e.g. the activations a search may try. */
export interface ChoiceListField<O extends string = string> extends FieldBase<O[]> {
  kind: 'choiceList';
  options: readonly O[];
  optionLabels?: readonly string[];
  minLength: number;
}

export type Field = NumberField | ChoiceField | BooleanField | IntListField | ChoiceListField;
export type Schema = Record<string, Field>;

type ValueOf<F extends Field> =
  F extends ChoiceField<infer O>
    ? O
    : F extends NumberField
      ? number
      : F extends BooleanField
        ? boolean
        : F extends IntListField
          ? number[]
          : F extends ChoiceListField<infer O>
            ? O[]
            : never;

/** The plain-data settings object a schema describes. */
export type SettingsOf<S extends Schema> = { [K in keyof S]: ValueOf<S[K]> };

export interface Issue {
  key: string;
  message: string;
  /** Set when the value was replaced by this default (a bad or missing value). */
  fallback?: unknown;
}

export interface Parsed<T> {
  value: T;
  issues: Issue[];
}

export const number = (spec: Omit<NumberField, 'kind'>): NumberField => ({
  kind: 'number',
  ...spec,
});
export const boolean = (spec: Omit<BooleanField, 'kind'>): BooleanField => ({
  kind: 'boolean',
  ...spec,
});
export const intList = (spec: Omit<IntListField, 'kind'>): IntListField => ({
  kind: 'intList',
  ...spec,
});
export const choiceList = <const O extends string>(
  spec: Omit<ChoiceListField<O>, 'kind'>,
): ChoiceListField<O> => ({ kind: 'choiceList', ...spec });
export const choice = <const O extends string>(
  spec: Omit<ChoiceField<O>, 'kind'>,
): ChoiceField<O> => ({ kind: 'choice', ...spec });

/** The schema's defaults as a fresh settings object. */
export function defaults<S extends Schema>(schema: S): SettingsOf<S> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema)) {
    out[key] = Array.isArray(field.default) ? [...field.default] : field.default;
  }
  return out as SettingsOf<S>;
}

/** Describes the accepted values of a field in words, for messages and `--help`. */
export function describeRange(field: Field): string {
  switch (field.kind) {
    case 'number':
      return `${field.integer ? 'integer' : 'number'} in [${field.min}, ${field.max}]${field.scale === 'log' ? ' (log scale)' : ''}`;
    case 'choice':
      return `one of ${field.options.join(', ')}`;
    case 'boolean':
      return 'true or false';
    case 'intList':
      return `${field.minLength}-${field.maxLength} integers in [${field.min}, ${field.max}]`;
    case 'choiceList':
      return `at least ${field.minLength} of ${field.options.join(', ')}`;
  }
}

/** Checks one value against its field; returns the reason it is invalid, or null. */
export function checkField(field: Field, value: unknown): string | null {
  switch (field.kind) {
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'not a finite number';
      if (field.integer && !Number.isInteger(value)) return 'not an integer';
      if (value < field.min || value > field.max) return `outside [${field.min}, ${field.max}]`;
      return null;
    case 'choice':
      return typeof value === 'string' && field.options.includes(value)
        ? null
        : `not one of ${field.options.join(', ')}`;
    case 'boolean':
      return typeof value === 'boolean' ? null : 'not true or false';
    case 'intList': {
      if (!Array.isArray(value)) return 'not a list';
      if (value.length < field.minLength || value.length > field.maxLength) {
        return `needs ${field.minLength} to ${field.maxLength} entries`;
      }
      const bad = value.find(
        (v) => typeof v !== 'number' || !Number.isInteger(v) || v < field.min || v > field.max,
      );
      return bad === undefined
        ? null
        : `entry ${String(bad)} is not an integer in [${field.min}, ${field.max}]`;
    }
    case 'choiceList': {
      if (!Array.isArray(value)) return 'not a list';
      const bad = value.find((v) => typeof v !== 'string' || !field.options.includes(v));
      if (bad !== undefined)
        return `entry ${JSON.stringify(bad)} is not one of ${field.options.join(', ')}`;
      if (new Set(value).size !== value.length) return 'lists an option twice';
      return value.length < field.minLength ? `needs at least ${field.minLength} entries` : null;
    }
  }
}

/**
 * Validates a partial settings object. Missing keys take their defaults silently; invalid values
 * and unknown keys are reported; the result is always a complete, valid settings object.
 */
export function parseSettings<S extends Schema>(
  schema: S,
  input: Record<string, unknown>,
): Parsed<SettingsOf<S>> {
  const value = defaults(schema) as Record<string, unknown>;
  const issues: Issue[] = [];
  for (const [key, raw] of Object.entries(input)) {
    const field = schema[key];
    if (!field) {
      issues.push({ key, message: `unknown setting "${key}"` });
      continue;
    }
    const reason = checkField(field, raw);
    if (reason) {
      issues.push({
        key,
        message: `${key} = ${JSON.stringify(raw)} is ${reason}; expected ${describeRange(field)}`,
        fallback: field.default,
      });
    } else {
      value[key] = Array.isArray(raw) ? [...raw] : raw;
    }
  }
  return { value: value as SettingsOf<S>, issues };
}

/** Encodes one value as URL text: lists as `16-8` (choices as `relu.tanh`), booleans as `1`/`0`. */
export function encodeValue(field: Field, value: unknown): string {
  if (field.kind === 'intList') return (value as number[]).join('-');
  if (field.kind === 'choiceList') return (value as string[]).join('.');
  if (field.kind === 'boolean') return value ? '1' : '0';
  return String(value);
}

/** Decodes URL text to the field's type; undecodable text becomes a value `checkField` rejects. */
export function decodeValue(field: Field, text: string): unknown {
  switch (field.kind) {
    case 'number':
      return text.trim() === '' ? NaN : Number(text);
    case 'choice':
      return text;
    case 'boolean':
      return text === '1' || text === 'true'
        ? true
        : text === '0' || text === 'false'
          ? false
          : text;
    case 'intList':
      return text === ''
        ? []
        : text.split('-').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    case 'choiceList':
      return text === '' ? [] : text.split('.');
  }
}

/** Writes every setting into URL search params, so a link reproduces the run exactly. */
export function toSearchParams<S extends Schema>(
  schema: S,
  settings: SettingsOf<S>,
  params = new URLSearchParams(),
): URLSearchParams {
  for (const [key, field] of Object.entries(schema)) {
    params.set(key, encodeValue(field, settings[key]));
  }
  return params;
}

/** The raw values of the settings present in URL search params (others are ignored). */
export function decodeSearchParams(
  schema: Schema,
  params: URLSearchParams,
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema)) {
    const text = params.get(key);
    if (text !== null) input[key] = decodeValue(field, text);
  }
  return input;
}

/** Reads settings from URL search params; params that are not settings are ignored. */
export function fromSearchParams<S extends Schema>(
  schema: S,
  params: URLSearchParams,
): Parsed<SettingsOf<S>> {
  return parseSettings(schema, decodeSearchParams(schema, params));
}

/** One line per setting: name, range, default and help; used by the CLI's `--help`. */
export function describeSchema(schema: Schema): string[] {
  return Object.entries(schema).map(
    ([key, field]) =>
      `  ${key.padEnd(22)} ${describeRange(field)}; default ${JSON.stringify(field.default)}\n  ${''.padEnd(22)} ${field.label}: ${field.help}`,
  );
}

/** A parse's settings when it found no issue; otherwise throws an Error that lists every issue. */
export function validOrThrow<T>({ value, issues }: Parsed<T>): T {
  if (issues.length > 0)
    throw new Error(`Invalid settings: ${issues.map((i) => i.message).join('; ')}`);
  return value;
}
