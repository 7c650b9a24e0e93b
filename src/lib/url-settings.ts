import {
  fromSearchParams,
  toSearchParams,
  type Parsed,
  type Schema,
  type SettingsOf,
} from '../engine/settings/schema';

/**
 * Reads a lab's settings from the page URL. Unknown or bad values fall back to defaults; each
 * fallback becomes a notice for the page. `refine` applies the lab's rules between settings.
 */
export function settingsFromUrl<S extends Schema>(
  schema: S,
  url: URL,
  refine: (value: SettingsOf<S>) => Parsed<SettingsOf<S>>,
): { value: SettingsOf<S>; notices: string[] } {
  const parsed = fromSearchParams(schema, url.searchParams);
  const refined = refine(parsed.value);
  return {
    value: refined.value,
    notices: [...parsed.issues, ...refined.issues].map((issue) =>
      issue.fallback === undefined
        ? issue.message
        : `${issue.message}; using the default ${JSON.stringify(issue.fallback)}`,
    ),
  };
}

/** The query string (with "?") holding every setting. */
export const settingsQuery = <S extends Schema>(schema: S, value: SettingsOf<S>): `?${string}` =>
  `?${toSearchParams(schema, value).toString()}`;
