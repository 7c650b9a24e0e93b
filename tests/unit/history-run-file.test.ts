import { describe, expect, it } from 'vitest';
import { runFromJson, runToJson } from '../../src/lib/history/run-file';
import type { RunRecord } from '../../src/lib/history/store';
import { defaults } from '../../src/engine/settings/schema';
import { trainSchema } from '../../src/engine/train/settings';

const record: RunRecord = {
  id: 'abc-1',
  lab: 'train',
  settings: { ...defaults(trainSchema), epochs: 4 },
  seed: 1,
  backend: 'wasm',
  started: 1000,
  finished: 3500,
  seconds: 2.5,
  bytes: 10,
  result: {
    history: [
      { epoch: 1, loss: NaN, score: 0.5, validationLoss: 1, validationScore: 0.4, seconds: 1 },
    ],
    examples: { pixels: new Float32Array([0.25, 1]), truth: new Int32Array([3]) },
  },
  view: { points: { split: new Uint8Array([0, 1, 2]) } },
};

describe('run files', () => {
  it('round-trip a run, typed arrays and NaN included', () => {
    const back = runFromJson(runToJson(record));
    const { id: _id, bytes: _bytes, ...run } = record;
    expect(back).toEqual(run);
    const result = back.result as typeof record.result & { examples: { pixels: Float32Array } };
    expect(result.examples.pixels).toBeInstanceOf(Float32Array);
  });

  it('say clearly what is wrong with a foreign or malformed file', () => {
    expect(() => runFromJson('a,b\n1,2')).toThrow('not JSON');
    expect(() => runFromJson('{"name":"package"}')).toThrow(
      'not a run exported from this playground',
    );
    const file = JSON.parse(runToJson(record));
    expect(() => runFromJson(JSON.stringify({ ...file, version: 9 }))).toThrow('version 9');
    expect(() =>
      runFromJson(JSON.stringify({ ...file, run: { ...file.run, lab: 'paint' } })),
    ).toThrow('a lab this app does not have ("paint")');
    const badSettings = { ...file.run, settings: { ...file.run.settings, epochs: -1 } };
    expect(() => runFromJson(JSON.stringify({ ...file, run: badSettings }))).toThrow(
      'settings are not valid',
    );
    const { result: _result, ...noResult } = file.run;
    expect(() => runFromJson(JSON.stringify({ ...file, run: noResult }))).toThrow('no result');
    const damaged = { ...file.run, result: { x: { $typed: 'Float32Array', base64: 'AAA' } } };
    expect(() => runFromJson(JSON.stringify({ ...file, run: damaged }))).toThrow('damaged');
  });
});
