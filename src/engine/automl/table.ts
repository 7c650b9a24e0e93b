import { dsvFormat } from 'd3';
import { checkCsvText, CsvError } from '../data/csv';

/**
 * A typed table read from any CSV, for /automl: each column numeric (NaN where missing) or
 * categorical (null where missing). Unlike parseNumericCsv, text columns and missing cells are
 * kept: validation reports them and feature engineering decides what to do.
 */
export type Column =
  | { name: string; kind: 'numeric'; values: Float64Array }
  | { name: string; kind: 'categorical'; values: (string | null)[] };

export interface Table {
  rows: number;
  columns: Column[];
  delimiter: string;
}

/** Cells read as missing, in any case: empty, NA, N/A, null, NaN, ?, -. */
const MISSING = new Set(['', 'na', 'n/a', 'null', 'nan', '?', '-', 'none']);
export const isMissing = (cell: string) => MISSING.has(cell.trim().toLowerCase());
const asNumber = (cell: string) => (cell.trim() === '' ? NaN : Number(cell));

/**
 * The delimiter among comma, semicolon, tab and pipe that splits the first lines into the most
 * columns, the same number on every line (ties go to the earlier one).
 */
export function detectDelimiter(text: string): string {
  const lines = text.split(/\r?\n/, 20).filter((l) => l.trim() !== '');
  let best = { delimiter: ',', score: -1 };
  for (const delimiter of [',', ';', '\t', '|']) {
    const counts = dsvFormat(delimiter)
      .parseRows(lines.join('\n'))
      .map((r) => r.length);
    const consistent = counts.every((c) => c === counts[0]);
    const score = consistent && counts[0] > 1 ? counts[0] : 0;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

/**
 * Parses CSV text (RFC 4180 quoting via d3-dsv, CRLF, a UTF-8 BOM, a header row) into typed
 * columns. A column is numeric when every non-missing cell is a finite number, else categorical.
 * Throws a CsvError naming the problem: empty or binary file, too large, no header, ragged rows
 * (the first few line numbers), duplicate or empty column names, fewer than 2 data rows.
 */
export function parseTable(raw: string): Table {
  const text = checkCsvText(raw);
  const delimiter = detectDelimiter(text);
  const parsed = dsvFormat(delimiter)
    .parseRows(text)
    .filter((row) => !(row.length === 1 && row[0].trim() === ''));
  const [header, ...rows] = parsed;
  if (!header || header.length < 2)
    throw new CsvError('the file needs a header row and at least two columns');
  const names = header.map((h) => h.trim());
  const empty = names.findIndex((n) => n === '');
  if (empty >= 0) throw new CsvError(`column ${empty + 1} has no name in the header row`);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) throw new CsvError(`the column name "${duplicate}" appears twice`);
  const ragged = rows.flatMap((row, i) => (row.length === names.length ? [] : [i + 2]));
  if (ragged.length > 0)
    throw new CsvError(
      `${ragged.length} rows do not have ${names.length} fields (lines ${ragged.slice(0, 5).join(', ')}${ragged.length > 5 ? ', …' : ''})`,
    );
  if (rows.length < 2)
    throw new CsvError(`the file has ${rows.length} data rows; at least 2 are needed`);
  const columns: Column[] = names.map((name, j) => {
    const cells = rows.map((row) => row[j]);
    const present = cells.filter((c) => !isMissing(c));
    const numeric = present.every((c) => Number.isFinite(asNumber(c)));
    return numeric
      ? {
          name,
          kind: 'numeric',
          values: Float64Array.from(cells, (c) => (isMissing(c) ? NaN : asNumber(c))),
        }
      : { name, kind: 'categorical', values: cells.map((c) => (isMissing(c) ? null : c.trim())) };
  });
  return { rows: rows.length, columns, delimiter };
}
