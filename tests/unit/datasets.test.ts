import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { gunzip, sha256Hex } from '../../src/engine/data/bytes';
import { datasetCards, datasetNames } from '../../src/engine/data/catalog';
import { DatasetError, DatasetLoader } from '../../src/engine/data/load';
import { decodePacked } from '../../src/engine/data/packed-format';
import golden from '../fixtures/sklearn-datasets.json';
import { diskLoader } from './node-data-source';

const options = { samples: 1_000_000, noise: 0, seed: 1 };

describe('packed real datasets', () => {
  for (const name of ['iris', 'wine', 'breast-cancer', 'digits'] as const) {
    it(`${name} matches scikit-learn's copy (shape, column means, class counts, first row)`, async () => {
      const reference = golden[name];
      const data = await diskLoader().load(name, options);
      // Image pixels load scaled to [0, 1]: digits' grey levels 0-16 come back divided by 16.
      const scale = name === 'digits' ? 1 / 16 : 1;
      expect([data.rows, data.features]).toEqual([reference.rows, reference.features]);
      for (let j = 0; j < data.features; j++) {
        let sum = 0;
        for (let i = 0; i < data.rows; i++) sum += data.x[i * data.features + j];
        expect(sum / data.rows).toBeCloseTo(reference.columnMeans[j] * scale, 4);
      }
      const counts = new Array(data.classes.length).fill(0);
      for (const label of data.y) counts[label]++;
      expect(counts).toEqual(reference.classCounts);
      expect(Array.from(data.x.subarray(0, data.features))).toEqual(
        reference.firstRow.map((v) => Math.fround(v * scale)),
      );
    });
  }

  it('mnist holds the 10,000 digits of the mnist package, pixel for pixel', async () => {
    const require = createRequire(import.meta.url);
    const data = await diskLoader().load('mnist', options);
    expect([data.rows, data.features, data.shape]).toEqual([10000, 784, [28, 28, 1]]);
    let row = 0;
    for (let digit = 0; digit < 10; digit++) {
      const raw: number[] = require(`mnist/src/digits/${digit}.json`).data;
      const rows = raw.length / 784;
      for (let i = 0; i < raw.length; i++) {
        if (Math.abs(data.x[row * 784 + i] - raw[i]) > 6e-4)
          throw new Error(`digit ${digit} pixel ${i} differs`);
      }
      expect(Array.from(data.y.subarray(row, row + rows)).every((y) => y === digit)).toBe(true);
      row += rows;
    }
    expect(row).toBe(10000);
  });

  it('every real file matches the SHA-256 in its card', async () => {
    for (const name of datasetNames) {
      const card = datasetCards[name];
      if (card.kind !== 'real') continue;
      const bytes = await gunzip(new Uint8Array(await readFile(`static/data/${card.file}`)));
      expect(await sha256Hex(bytes)).toBe(card.sha256);
      expect(decodePacked(bytes).header.rows).toBe(card.rows);
    }
  });

  it('a corrupt file gives a clear message naming the dataset', async () => {
    const good = new Uint8Array(await readFile('static/data/iris.bin.gz'));
    const flipped = (await gunzip(good)).slice();
    flipped[500] ^= 0xff;
    const loader = new DatasetLoader({ read: async () => flipped });
    await expect(loader.load('iris', options)).rejects.toThrow(
      /iris dataset file iris\.bin\.gz is corrupt: its SHA-256/,
    );
    const truncated = new DatasetLoader({ read: async () => good.subarray(0, 300) });
    await expect(truncated.load('iris', options)).rejects.toThrow(DatasetError);
  });

  it('a missing file gives a clear message and is retried next time', async () => {
    let calls = 0;
    const loader = new DatasetLoader({
      read: async () => {
        calls++;
        throw new Error('HTTP 404 Not Found');
      },
    });
    await expect(loader.load('wine', options)).rejects.toThrow(
      'Could not load the wine dataset (wine.bin.gz): HTTP 404 Not Found',
    );
    await expect(loader.load('wine', options)).rejects.toThrow(DatasetError);
    expect(calls).toBe(2);
  });

  it('caps rows of real data with a seeded subset', async () => {
    const loader = diskLoader();
    const a = await loader.load('digits', { samples: 300, noise: 0, seed: 5 });
    const b = await loader.load('digits', { samples: 300, noise: 0, seed: 5 });
    const c = await loader.load('digits', { samples: 300, noise: 0, seed: 6 });
    expect(a.rows).toBe(300);
    expect(a.x).toEqual(b.x);
    expect(a.x).not.toEqual(c.x);
  });

  it('hands out arrays of its own: transferring or writing one load leaves the next intact', async () => {
    const loader = diskLoader();
    const first = await loader.load('digits', options);
    const y = Int32Array.from(first.y);
    // What a worker's result transfer does to the buffers it sends to the page.
    structuredClone(first.y, { transfer: [first.y.buffer as ArrayBuffer] });
    first.x.fill(-1);
    expect(first.y.length).toBe(0);
    const second = await loader.load('digits', options);
    expect(second.y).toEqual(y);
    expect(second.x[0]).not.toBe(-1);
  });
});
