import type { Csr } from './sparse';

/**
 * TF-IDF as scikit-learn's TfidfVectorizer with its defaults: lower-case, tokens of two or more
 * word characters (\b\w\w+\b), vocabulary sorted alphabetically, raw term counts times
 * idf(t) = ln((1 + n) / (1 + df(t))) + 1, then each row scaled to unit Euclidean norm.
 */
export interface Tfidf {
  matrix: Csr;
  vocabulary: string[];
  idf: Float64Array;
}

export const tokenize = (text: string): string[] => text.toLowerCase().match(/\b\w\w+\b/g) ?? [];

export function tfidf(documents: string[]): Tfidf {
  const counts = documents.map((doc) => {
    const map = new Map<string, number>();
    for (const token of tokenize(doc)) map.set(token, (map.get(token) ?? 0) + 1);
    return map;
  });
  const vocabulary = [...new Set(counts.flatMap((map) => [...map.keys()]))].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  const index = new Map(vocabulary.map((term, i) => [term, i]));
  const df = new Float64Array(vocabulary.length);
  for (const map of counts) for (const term of map.keys()) df[index.get(term)!]++;
  const n = documents.length;
  const idf = df.map((d) => Math.log((1 + n) / (1 + d)) + 1);
  const indptr = new Int32Array(n + 1);
  const indices: number[] = [];
  const values: number[] = [];
  counts.forEach((map, i) => {
    const row = [...map.entries()]
      .map(([term, count]) => [index.get(term)!, count * idf[index.get(term)!]] as const)
      .sort((a, b) => a[0] - b[0]);
    const norm = Math.sqrt(row.reduce((s, [, v]) => s + v * v, 0)) || 1;
    for (const [column, value] of row) {
      indices.push(column);
      values.push(value / norm);
    }
    indptr[i + 1] = indices.length;
  });
  return {
    matrix: {
      rows: n,
      cols: vocabulary.length,
      indptr,
      indices: Int32Array.from(indices),
      values: Float64Array.from(values),
    },
    vocabulary,
    idf,
  };
}
