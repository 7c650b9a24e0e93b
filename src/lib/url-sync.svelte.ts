import { afterNavigate, replaceState } from '$app/navigation';
import { page } from '$app/state';
import type { Schema, SettingsOf } from '../engine/settings/schema';
import { settingsQuery, withKeptParams } from './url-settings';

/**
 * Keeps a lab's settings in the page URL, replacing (not adding) history entries, once the
 * router runs. Other parameters are dropped, except `keptParams` (classroom mode's `present`).
 * Call during component initialization; `href` turns the query into the route's address (each
 * page passes its own typed `resolve`).
 */
export function syncSettingsToUrl<S extends Schema>(
  schema: S,
  settings: () => SettingsOf<S>,
  href: (query: `?${string}`) => string,
): void {
  let routerReady = $state(false);
  afterNavigate(() => (routerReady = true));
  $effect(() => {
    const query = withKeptParams(settingsQuery(schema, settings()), location.search);
    if (routerReady && query !== location.search)
      // eslint-disable-next-line svelte/no-navigation-without-resolve -- href is the page's resolve()
      replaceState(href(query), page.state);
  });
}
