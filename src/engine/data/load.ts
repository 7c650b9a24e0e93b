import { createRng, permutation } from '../rng';
import { gunzip, isGzip, sha256Hex } from './bytes';
import { datasetCards, type DatasetName } from './catalog';
import { decodePacked } from './packed-format';
import { takeRows } from './split';
import { syntheticGenerators, type SyntheticOptions } from './synthetic';
import type { Dataset } from './types';

/** Where packed files come from: `fetch` under the app's base path in a worker, the disk in Node. */
export interface DataSource {
  /** Resolves with the file's bytes; rejects with a message naming the file when it cannot. */
  read(file: string): Promise<Uint8Array>;
}

/** A dataset that could not be loaded; the message says which file and why, for the page. */
export class DatasetError extends Error {
  override name = 'DatasetError';
}

export interface LoadOptions extends SyntheticOptions {
  seed: number;
}

/**
 * Loads datasets by name. Real datasets are read once, checked against their SHA-256 and decoded;
 * synthetic ones are generated from the seed. `samples` is the row count for synthetic data and a
 * cap for real data (a seeded random subset keeps every class in proportion only on average).
 */
export class DatasetLoader {
  readonly #source: DataSource;
  readonly #cache = new Map<string, Promise<Dataset>>();

  constructor(source: DataSource) {
    this.#source = source;
  }

  /** Reads a JSON file shipped beside the packed datasets (the text corpus). */
  async readJson(file: string): Promise<unknown> {
    let bytes: Uint8Array;
    try {
      bytes = await this.#source.read(file);
    } catch (error) {
      throw new DatasetError(`Could not load ${file}: ${messageOf(error)}`);
    }
    try {
      return JSON.parse(new TextDecoder().decode(bytes));
    } catch (error) {
      throw new DatasetError(`${file} is corrupt: ${messageOf(error)}`);
    }
  }

  async load(name: DatasetName, options: LoadOptions): Promise<Dataset> {
    const card = datasetCards[name];
    if (!card) throw new DatasetError(`unknown dataset "${name}"`);
    if (card.kind === 'synthetic') {
      const generate = syntheticGenerators[name as keyof typeof syntheticGenerators];
      return generate(options, createRng(options.seed));
    }
    const file = card.file as string;
    let pending = this.#cache.get(file);
    if (!pending) {
      pending = this.#readReal(name, file, card.sha256);
      this.#cache.set(file, pending);
      pending.catch(() => this.#cache.delete(file));
    }
    const full = await pending;
    // Every caller gets arrays of its own: a worker transfers its result's buffers to the page
    // (detaching them), and a lab may write into its data; neither may reach the cached copy.
    if (options.samples >= full.rows) return { ...full, x: full.x.slice(), y: full.y.slice() };
    const order = permutation(full.rows, createRng(options.seed));
    const kept = takeRows(full, order.subarray(0, options.samples));
    return { ...full, ...kept };
  }

  async #readReal(name: string, file: string, sha256: string | undefined): Promise<Dataset> {
    let bytes: Uint8Array;
    try {
      bytes = await this.#source.read(file);
    } catch (error) {
      throw new DatasetError(`Could not load the ${name} dataset (${file}): ${messageOf(error)}`);
    }
    try {
      if (isGzip(bytes)) bytes = await gunzip(bytes);
    } catch (error) {
      throw new DatasetError(`The ${name} dataset file ${file} is corrupt: ${messageOf(error)}`);
    }
    const actual = await sha256Hex(bytes);
    if (actual !== null && sha256 && actual !== sha256) {
      throw new DatasetError(
        `The ${name} dataset file ${file} is corrupt: its SHA-256 is ${actual.slice(0, 12)}..., expected ${sha256.slice(0, 12)}...`,
      );
    }
    let packed;
    try {
      packed = decodePacked(bytes);
    } catch (error) {
      throw new DatasetError(`The ${name} dataset file ${file} is corrupt: ${messageOf(error)}`);
    }
    const { header, features, targets } = packed;
    const x = new Float32Array(features.length);
    for (let i = 0; i < features.length; i++) x[i] = features[i] * header.featureScale;
    return {
      name: header.name,
      task: header.classes.length > 0 ? 'classification' : 'regression',
      rows: header.rows,
      features: header.features,
      x,
      y: header.classes.length > 0 ? Int32Array.from(targets) : Float32Array.from(targets),
      classes: header.classes,
      featureNames:
        header.featureNames ?? Array.from({ length: header.features }, (_, i) => `pixel ${i}`),
      shape: header.shape,
    };
  }
}

export const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
