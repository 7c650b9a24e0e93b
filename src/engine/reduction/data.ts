import { textFile, type UserFiles } from '../lab';
import { applyStandardizer, fitStandardizer } from '../data/standardize';
import { parseNumericCsv } from '../data/csv';
import { DatasetError, type DatasetLoader } from '../data/load';
import type { Rng } from '../rng';
import { fromFloat32, type Dense } from './dense';
import type { ReductionSettings } from './settings';
import { cocktailParty } from './signals';
import { csrRows, csrToDense, type Csr } from './sparse';
import { tfidf } from './tfidf';

/** What the /reduction lab works on: dense rows, and for text the sparse TF-IDF and its terms. */
export interface ReductionData {
  x: Dense;
  labels: Int32Array | null;
  classes: string[];
  shape: [number, number, number] | null;
  sparse: Csr | null;
  vocabulary: string[] | null;
  signals: { rate: number; sources: Float32Array; mixed: Float32Array } | null;
  notes: string[];
}

interface Corpus {
  labels: string[];
  documents: { text: string; label: number }[];
}

const SIGNAL_SECONDS = 2;
const SIGNAL_RATE = 8000;

export async function loadReductionData(
  settings: ReductionSettings,
  loader: DatasetLoader,
  rng: Rng,
  files: UserFiles = {},
): Promise<ReductionData> {
  const notes: string[] = [];
  if (settings.dataset === 'cocktail-party') {
    const { sources, mixed } = cocktailParty(SIGNAL_SECONDS, SIGNAL_RATE, rng);
    notes.push(
      `three signals, ${SIGNAL_SECONDS} s at ${SIGNAL_RATE} Hz, mixed into three microphones`,
    );
    return {
      x: mixed,
      labels: null,
      classes: [],
      shape: null,
      sparse: null,
      vocabulary: null,
      signals: {
        rate: SIGNAL_RATE,
        sources: Float32Array.from(sources.data),
        mixed: Float32Array.from(mixed.data),
      },
      notes,
    };
  }
  if (settings.dataset === 'licenses') {
    const corpus = (await loader.readJson('licenses.json')) as Corpus;
    if (!Array.isArray(corpus?.documents) || !Array.isArray(corpus.labels))
      throw new DatasetError('licenses.json is not a corpus');
    const { matrix, vocabulary } = tfidf(corpus.documents.map((d) => d.text));
    notes.push(
      `TF-IDF of ${matrix.rows} paragraphs: ${vocabulary.length} terms, ${matrix.values.length} non-zeros (${((100 * matrix.values.length) / (matrix.rows * matrix.cols)).toFixed(1)}% dense)`,
    );
    const all = Int32Array.from({ length: matrix.rows }, (_, i) => i);
    return {
      x: csrToDense(matrix),
      labels: Int32Array.from(corpus.documents, (d) => d.label),
      classes: corpus.labels,
      shape: null,
      sparse: csrRows(matrix, all),
      vocabulary,
      signals: null,
      notes,
    };
  }
  if (settings.dataset === 'csv') {
    const csv = textFile(files, 'csv');
    if (csv === undefined)
      throw new DatasetError('no CSV file chosen: pick one with the file chooser');
    const table = parseNumericCsv(csv);
    const x = settings.standardize
      ? applyStandardizer(table.x, fitStandardizer(table.x, table.rows, table.features))
      : table.x;
    return {
      x: fromFloat32(x, table.rows, table.features),
      labels: table.labels,
      classes: table.classes,
      shape: null,
      sparse: null,
      vocabulary: null,
      signals: null,
      notes: [
        ...table.notes,
        ...(settings.standardize ? ['features standardized to mean 0, variance 1'] : []),
      ],
    };
  }
  const data = await loader.load(settings.dataset, {
    samples: settings.samples,
    noise: 0,
    seed: rng.seed(),
  });
  const x = settings.standardize
    ? applyStandardizer(data.x, fitStandardizer(data.x, data.rows, data.features))
    : data.x;
  if (settings.standardize) notes.push('features standardized to mean 0, variance 1');
  return {
    x: fromFloat32(x, data.rows, data.features),
    labels: data.y instanceof Int32Array ? data.y : null,
    classes: data.classes,
    shape: data.shape,
    sparse: null,
    vocabulary: null,
    signals: null,
    notes,
  };
}
