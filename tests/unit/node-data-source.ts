import { readFile } from 'node:fs/promises';
import { DatasetLoader } from '../../src/engine/data/load';

/** Reads packed dataset files from static/data, as the CLI does. */
export const diskLoader = () =>
  new DatasetLoader({
    read: async (file) => new Uint8Array(await readFile(`static/data/${file}`)),
  });
