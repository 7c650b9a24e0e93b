import { describe, expect, it } from 'vitest';
import { parseNumericCsv } from '../../src/engine/data/csv';

describe('parseNumericCsv', () => {
  it('reads quotes, escaped quotes, CRLF and a UTF-8 BOM, with the text column as labels', () => {
    const text = '\uFEFFa,b,"name, quoted"\r\n1,2,"say ""hi"""\r\n3,4.5,plain\r\n-1e2,0,plain\r\n';
    const table = parseNumericCsv(text);
    expect(table.featureNames).toEqual(['a', 'b']);
    expect(Array.from(table.x)).toEqual([1, 2, 3, 4.5, -100, 0]);
    expect(table.labelColumn).toBe('name, quoted');
    expect(table.classes).toEqual(['plain', 'say "hi"']);
    expect(Array.from(table.labels!)).toEqual([1, 0, 0]);
  });

  it('names the column and lines of missing fields, ragged rows and NaN', () => {
    expect(() => parseNumericCsv('a,b\n1,2\n3,\n5,6\n')).toThrow(
      'column "b" has 1 missing or non-numeric cells (lines 3)',
    );
    expect(() => parseNumericCsv('a,b\n1,2\n3\n5,6\n')).toThrow(/column "b" has 1 missing/);
    expect(() => parseNumericCsv('a,b\n1,NaN\n3,4\n5,6\n')).toThrow(
      /column "b" has 1 missing or non-numeric cells \(lines 2\)/,
    );
  });

  it('rejects an all-NaN column, an empty file, a binary file, and too few rows or columns', () => {
    expect(() => parseNumericCsv('a,b,c\n1,,2\n3,,4\n5,,6\n')).toThrow(
      'column "b" has no numbers at all',
    );
    expect(() => parseNumericCsv('')).toThrow('the file is empty');
    expect(() => parseNumericCsv('a,b\n1\u0000,2\n')).toThrow(/not text/);
    expect(() => parseNumericCsv('a,b\n1,2\n')).toThrow(/at least 3 are needed/);
    expect(() => parseNumericCsv('a\n1\n2\n3\n')).toThrow(/two comma-separated columns/);
  });

  it('flags a constant column', () => {
    expect(parseNumericCsv('a,b\n1,7\n2,7\n3,7\n').notes.join(' ')).toContain(
      'column "b" is constant',
    );
  });
});
