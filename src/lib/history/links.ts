import { resolve } from '$app/paths';
import { labs } from '$lib/labs';
import { toSearchParams, type Schema, type SettingsOf } from '../../engine/settings/schema';
import { schemaOf } from './compare';
import type { RunSummary } from './store';

/**
 * The address that opens a stored run in its lab: the run's settings in the query, as a shared
 * link has them, and `run=<id>` so the lab shows the stored result instead of running. Null for a
 * lab this app no longer has.
 */
export function runHref(run: RunSummary): string | null {
  const entry = labs.find((lab) => lab.route === `/${run.lab}`);
  const schema = schemaOf(run.lab);
  if (!entry || !schema) return null;
  const params = toSearchParams(schema, run.settings as SettingsOf<Schema>);
  params.set('run', run.id);
  return `${resolve(entry.route)}?${params.toString()}`;
}
