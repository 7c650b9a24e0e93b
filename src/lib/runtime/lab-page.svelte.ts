import { onMount } from 'svelte';
import { page } from '$app/state';
import type { Schema, SettingsOf } from '../../engine/settings/schema';
import { syncSettingsToUrl } from '../url-sync.svelte';

/** What a lab page's state offers the page: its settings and the run lifecycle. */
export interface LabLifecycle<S extends Schema> {
  settings: SettingsOf<S>;
  openStored(url: URL): boolean;
  run(): void | Promise<void>;
  stop(): void;
}

/**
 * What every lab page does when it opens: keep its settings in the URL (`href` turns the query
 * into the route's address, the page's typed `resolve`), show the kept run the URL names or else
 * run (unless `runs()` says the settings cannot run yet, e.g. before a CSV is chosen), and stop
 * the run when the page goes. Call during component initialization.
 */
export function openLabPage<S extends Schema>(
  lab: LabLifecycle<S>,
  schema: S,
  href: (query: `?${string}`) => string,
  runs: () => boolean = () => true,
): void {
  syncSettingsToUrl(schema, () => lab.settings, href);
  onMount(() => {
    if (!lab.openStored(page.url) && runs()) void lab.run();
    return () => lab.stop();
  });
}
