import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseTable } from '../../src/engine/automl/table';
import {
  inferTask,
  ksStatistic,
  linfDistance,
  validateTable,
} from '../../src/engine/automl/validate';
import { createRng } from '../../src/engine/rng';

describe('parseTable (any CSV, typed columns)', () => {
  it('reads quotes, escaped quotes, CRLF, a BOM and missing cells, and types each column', () => {
    const text =
      '\uFEFFage,city,"note, quoted",income\r\n' +
      '31,"Paris","say ""hi""",1200.5\r\n' +
      'NA,Lyon,,\r\n' +
      '45,,plain,3100\r\n';
    const table = parseTable(text);
    expect(table.rows).toBe(3);
    expect(table.columns.map((c) => [c.name, c.kind])).toEqual([
      ['age', 'numeric'],
      ['city', 'categorical'],
      ['note, quoted', 'categorical'],
      ['income', 'numeric'],
    ]);
    const [age, city, note, income] = table.columns;
    expect(Array.from(age.values as Float64Array)).toEqual([31, NaN, 45]);
    expect(city.values).toEqual(['Paris', 'Lyon', null]);
    expect(note.values).toEqual(['say "hi"', null, 'plain']);
    expect(Array.from(income.values as Float64Array)).toEqual([1200.5, NaN, 3100]);
  });

  it('detects semicolons and tabs', () => {
    expect(detectDelimiter('a;b;c\n1;2,5;3\n')).toBe(';');
    expect(detectDelimiter('a\tb\n1\t2\n')).toBe('\t');
    expect(parseTable('a;b\n1;x\n2;y\n').columns[1].values).toEqual(['x', 'y']);
  });

  it('names each problem: ragged rows with their lines, empty, binary, duplicate names', () => {
    expect(() => parseTable('a,b\n1,2\n3\n4,5,6\n7,8\n')).toThrow(
      '2 rows do not have 2 fields (lines 3, 4)',
    );
    expect(() => parseTable('')).toThrow('the file is empty');
    expect(() => parseTable('a,b\n\u0000,1\n')).toThrow(/not text/);
    expect(() => parseTable('a,a\n1,2\n3,4\n')).toThrow('the column name "a" appears twice');
    expect(() => parseTable('a,b\n1,2\n')).toThrow(
      'the file has 1 data rows; at least 2 are needed',
    );
  });
});

/** A table of n rows from column generators (i -> cell text). */
function csv(n: number, columns: Record<string, (i: number) => string>): string {
  const names = Object.keys(columns);
  const lines = Array.from({ length: n }, (_, i) => names.map((k) => columns[k](i)).join(','));
  return [names.join(','), ...lines].join('\n');
}

describe('validateTable', () => {
  const rng = createRng(1);
  const noise = () => rng.normal();
  const n = 400;
  const table = parseTable(
    csv(n, {
      x: () => noise().toFixed(4),
      constant: () => '7',
      sparse: (i) => (i % 2 ? '' : String((i * 7919) % 37)),
      leak: (i) => String(i % 3),
      // Drifts: the last fifth of the file is shifted.
      drift: (i) => (noise() + (i >= 0.8 * n ? 3 : 0)).toFixed(4),
      spiky: (i) => (i % 40 === 0 ? '1000' : noise().toFixed(3)),
      empty: () => '',
      label: (i) => ['a', 'b', 'c'][i % 3],
    }),
  );
  const report = validateTable(table, 'label');
  const flagged = (kind: string) =>
    report.anomalies.filter((a) => a.kind === kind).map((a) => a.column);

  it('infers the task and describes every column', () => {
    expect(report.task).toBe('classification');
    const x = report.columns.find((c) => c.name === 'x')!;
    expect(x.missingShare).toBe(0);
    expect(Math.abs(x.stats!.mean)).toBeLessThan(0.2);
    expect(x.histogram.reduce((s, b) => s + b.count, 0)).toBe(n);
    const label = report.columns.find((c) => c.name === 'label')!;
    expect(label.domain).toEqual({
      categories: [
        { value: 'a', count: 134 },
        { value: 'b', count: 133 },
        { value: 'c', count: 133 },
      ],
    });
  });

  it('flags constant, all-missing, mostly-missing, leaking, outlying and drifting columns', () => {
    expect(flagged('constant')).toEqual(['constant']);
    expect(flagged('all-missing')).toEqual(['empty']);
    expect(flagged('missing')).toEqual(['sparse']);
    expect(flagged('leakage')).toEqual(['leak']);
    expect(flagged('outliers')).toEqual(['spiky']);
    expect(flagged('skew')).toEqual(['drift']);
    expect(flagged('imbalance')).toEqual([]);
  });

  it('flags a rare class, and numeric targets as regression unless few integers', () => {
    const rare = parseTable(csv(200, { x: (i) => String(i), y: (i) => (i < 10 ? 'yes' : 'no') }));
    expect(validateTable(rare, 'y').anomalies.map((a) => a.kind)).toContain('imbalance');
    expect(
      inferTask(parseTable(csv(50, { x: (i) => String(i), y: (i) => String(i % 4) })).columns[1]),
    ).toBe('classification');
    expect(
      inferTask(
        parseTable(csv(50, { x: (i) => String(i), y: (i) => (i * 0.37).toFixed(2) })).columns[1],
      ),
    ).toBe('regression');
  });

  it('KS and L-infinity distances by hand', () => {
    expect(ksStatistic([1, 2, 3, 4], [1, 2, 3, 4])).toBe(0);
    expect(ksStatistic([1, 2, 3, 4], [5, 6, 7, 8])).toBe(1);
    expect(ksStatistic([1, 2, 3, 4], [3, 4, 5, 6])).toBe(0.5);
    expect(linfDistance(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b'])).toBe(0.25);
  });
});
