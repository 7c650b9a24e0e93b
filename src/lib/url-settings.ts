import {
  decodeSearchParams,
  toSearchParams,
  type Parsed,
  type Schema,
  type SettingsOf,
} from '../engine/settings/schema';

/**
 * Reads a lab's settings from the page URL with the lab's own parser (the schema plus its rules
 * between settings). Bad values fall back to defaults; each fallback becomes a notice.
 */
export function settingsFromUrl<S extends Schema>(
  schema: S,
  url: URL,
  parse: (input: Record<string, unknown>) => Parsed<SettingsOf<S>>,
): { value: SettingsOf<S>; notices: string[] } {
  const parsed = parse(decodeSearchParams(schema, url.searchParams));
  return {
    value: parsed.value,
    notices: parsed.issues.map((issue) =>
      issue.fallback === undefined
        ? issue.message
        : `${issue.message}; using the default ${JSON.stringify(issue.fallback)}`,
    ),
  };
}

/** The query string (with "?") holding every setting. */
export const settingsQuery = <S extends Schema>(schema: S, value: SettingsOf<S>): `?${string}` =>
  `?${toSearchParams(schema, value).toString()}`;

/**
 * Query parameters that are not settings yet belong in the address while the settings change:
 * `present`, classroom mode's step (so a reload or a bookmark comes back to it), and `run`, the
 * kept run on screen (until a new run replaces it: runHistory.forget).
 */
export const keptParams: readonly string[] = ['present', 'run'];

/** `query` (the settings) plus those of `keptParams` that `current` (a `location.search`) holds. */
export function withKeptParams(query: `?${string}`, current: string): `?${string}` {
  const params = new URLSearchParams(query);
  const before = new URLSearchParams(current);
  for (const key of keptParams) {
    const value = before.get(key);
    if (value !== null) params.set(key, value);
  }
  return `?${params.toString()}`;
}
