import { csvParse } from 'd3';

/**
 * A numeric table read from the user's CSV (d3-dsv's RFC 4180 parser: quotes, escaped quotes,
 * CRLF; a header row is required). Numeric columns become features; the first non-numeric column
 * becomes the class labels. Missing or non-numeric cells in a numeric column are an error that
 * names the column and rows; nothing is silently imputed.
 */
export interface CsvTable {
  x: Float32Array;
  rows: number;
  features: number;
  featureNames: string[];
  labels: Int32Array | null;
  classes: string[];
  labelColumn: string | null;
  notes: string[];
}

export class CsvError extends Error {
  override name = 'CsvError';
}

/** The largest CSV accepted, in characters (about 150 MB: 100,000 rows x 100 columns fit). */
export const MAX_CSV_CHARACTERS = 150_000_000;

const isNumber = (text: string) => text.trim() !== '' && Number.isFinite(Number(text));

/**
 * The checks every CSV gets before parsing: not over MAX_CSV_CHARACTERS, not empty, text (no NUL
 * bytes); returns the text without its UTF-8 byte-order mark.
 */
export function checkCsvText(raw: string): string {
  if (raw.length > MAX_CSV_CHARACTERS)
    throw new CsvError(
      `the file has ${(raw.length / 1e6).toFixed(0)} million characters; the limit is ${MAX_CSV_CHARACTERS / 1e6} million`,
    );
  const text = raw.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new CsvError('the file is empty');
  if (text.includes('\u0000'))
    throw new CsvError('the file is not text (it contains NUL bytes): choose a .csv file');
  return text;
}

export function parseNumericCsv(raw: string): CsvTable {
  const text = checkCsvText(raw);
  const records = csvParse(text);
  const columns = records.columns.filter((name) => name !== '');
  if (columns.length < 2)
    throw new CsvError('the file needs a header row and at least two comma-separated columns');
  if (records.length < 3)
    throw new CsvError(`the file has ${records.length} data rows; at least 3 are needed`);
  const notes: string[] = [];
  const numeric: string[] = [];
  let labelColumn: string | null = null;
  for (const name of columns) {
    const values = records.map((record) => record[name] ?? '');
    const numbers = values.filter(isNumber).length;
    const filled = values.filter((v) => v.trim() !== '').length;
    // Numeric: no cells at all (reported below), or numbers in at least half the filled cells
    // (the rest are reported as bad cells). Text: no numbers, or mostly text.
    if (filled === 0 || (numbers > 0 && numbers >= filled / 2)) {
      numeric.push(name);
    } else if (labelColumn === null) {
      labelColumn = name;
    } else {
      notes.push(`column "${name}" is text and not the label column; left out`);
    }
  }
  if (numeric.length < 2)
    throw new CsvError(`the file needs at least two numeric columns; found ${numeric.length}`);
  const rows = records.length;
  const x = new Float32Array(rows * numeric.length);
  numeric.forEach((name, j) => {
    const bad: number[] = [];
    records.forEach((record, i) => {
      const cell = record[name] ?? '';
      if (isNumber(cell)) x[i * numeric.length + j] = Number(cell);
      else bad.push(i + 2);
    });
    if (bad.length === rows)
      throw new CsvError(
        `column "${name}" has no numbers at all (every cell is empty or NaN); drop it`,
      );
    if (bad.length > 0) {
      const shown = bad.slice(0, 5).join(', ') + (bad.length > 5 ? ', …' : '');
      throw new CsvError(
        `column "${name}" has ${bad.length} missing or non-numeric cells (lines ${shown}); fill or drop them first`,
      );
    }
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < rows; i++) {
      min = Math.min(min, x[i * numeric.length + j]);
      max = Math.max(max, x[i * numeric.length + j]);
    }
    if (min === max) notes.push(`column "${name}" is constant (${min}): it carries no information`);
  });
  let labels: Int32Array | null = null;
  let classes: string[] = [];
  if (labelColumn) {
    const column = labelColumn;
    classes = [...new Set(records.map((record) => record[column] ?? ''))].sort();
    const index = new Map(classes.map((name, k) => [name, k]));
    labels = Int32Array.from(records, (record) => index.get(record[column] ?? '')!);
    notes.push(`labels from column "${labelColumn}": ${classes.length} classes`);
  }
  notes.unshift(`CSV: ${rows} rows, ${numeric.length} numeric columns`);
  return {
    x,
    rows,
    features: numeric.length,
    featureNames: numeric,
    labels,
    classes,
    labelColumn,
    notes,
  };
}
