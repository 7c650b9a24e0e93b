import { labSettings } from '../../engine/lab-settings';
import type { NewRun, RunRecord } from './store';
import { decodeTyped, encodeTyped } from './typed-json';

/** The tag that marks a file as one run exported from this playground. */
export const RUN_FILE_FORMAT = 'ml-playground-run';
const VERSION = 1;

/** One run as JSON text, typed arrays and non-finite numbers encoded so they come back exactly. */
export function runToJson(record: RunRecord): string {
  return JSON.stringify({ format: RUN_FILE_FORMAT, version: VERSION, run: encodeTyped(record) });
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Reads a file written by `runToJson` back into a run to store (under a new id). Throws an Error
 * that says what is wrong: not JSON, not a run of this playground, a newer format, an unknown lab,
 * settings the lab does not accept, or a missing field.
 */
export function runFromJson(text: string): NewRun {
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch (error) {
    throw new Error('This file is not JSON, so it is not a run exported from this playground.', {
      cause: error,
    });
  }
  if (!isRecord(file) || file.format !== RUN_FILE_FORMAT)
    throw new Error('This JSON file is not a run exported from this playground.');
  if (file.version !== VERSION)
    throw new Error(
      `This run file has format version ${String(file.version)}; this app reads ${VERSION}.`,
    );
  let run: unknown;
  try {
    run = decodeTyped(file.run);
  } catch (error) {
    throw new Error(
      `This run file is damaged: ${error instanceof Error ? error.message : String(error)}.`,
      { cause: error },
    );
  }
  if (!isRecord(run)) throw new Error('This run file holds no run.');
  const { lab, settings, seed, backend, started, finished, seconds, result, view } = run;
  if (typeof lab !== 'string' || !Object.hasOwn(labSettings, lab))
    throw new Error(`This run file is for a lab this app does not have (${JSON.stringify(lab)}).`);
  if (!isRecord(settings)) throw new Error('This run file has no settings.');
  const { issues } = labSettings[lab as keyof typeof labSettings].parse(settings);
  if (issues.length > 0)
    throw new Error(
      `This run's settings are not valid for this app: ${issues.map((i) => i.message).join('; ')}.`,
    );
  const numbers = { started, finished, seconds };
  for (const [name, value] of Object.entries(numbers))
    if (typeof value !== 'number') throw new Error(`This run file has no ${name} time.`);
  if (!isRecord(result)) throw new Error('This run file has no result.');
  return {
    lab,
    settings,
    seed: typeof seed === 'number' ? seed : null,
    backend: typeof backend === 'string' ? backend : 'unknown',
    started: started as number,
    finished: finished as number,
    seconds: seconds as number,
    result,
    view,
  };
}
