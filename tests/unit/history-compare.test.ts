import { describe, expect, it } from 'vitest';
import {
  epochHistories,
  historiesCsv,
  keySettings,
  settingsDiff,
} from '../../src/lib/history/compare';
import { defaults } from '../../src/engine/settings/schema';
import { trainSchema } from '../../src/engine/train/settings';

const epoch = (e: number, loss: number) => ({
  epoch: e,
  loss,
  score: 1 - loss,
  validationLoss: loss + 0.1,
  validationScore: 0.9 - loss,
  seconds: e / 10,
});

describe('settingsDiff', () => {
  it('lists every setting in the schema order and marks only those that differ', () => {
    const a = defaults(trainSchema);
    const b = { ...a, learningRate: 0.1, hiddenLayers: [16, 8] };
    const rows = settingsDiff('train', [a, b, { ...a }]);
    expect(rows.map((r) => r.key)).toEqual(Object.keys(trainSchema));
    expect(rows.filter((r) => r.differs).map((r) => r.key)).toEqual(
      ['hiddenLayers', 'learningRate'].sort(
        (x, y) => Object.keys(trainSchema).indexOf(x) - Object.keys(trainSchema).indexOf(y),
      ),
    );
    const layers = rows.find((r) => r.key === 'hiddenLayers');
    expect(layers?.values[1]).toBe('16-8');
    expect(layers?.label).toBe(trainSchema.hiddenLayers.label);
  });

  it('shows a setting one run lacks as a dash', () => {
    const rows = settingsDiff('train', [{ epochs: 3, extra: true }, { epochs: 3 }]);
    expect(rows).toEqual([
      { key: 'epochs', label: trainSchema.epochs.label, values: ['3', '3'], differs: false },
      { key: 'extra', label: 'extra', values: ['true', '—'], differs: true },
    ]);
  });
});

describe('keySettings', () => {
  it('names the settings that differ from the defaults', () => {
    expect(keySettings('train', { ...defaults(trainSchema), epochs: 7 })).toEqual(['epochs 7']);
  });
});

describe('epochHistories', () => {
  it('reads each lab’s per-epoch metrics from its result', () => {
    const h = [epoch(1, 0.5), epoch(2, 0.3)];
    expect(epochHistories('train', { history: h })).toEqual({ model: h });
    expect(
      epochHistories('quantization', {
        history: { float: h, qat: [{ bits: 4, metrics: h.slice(1) }] },
      }),
    ).toEqual({ float: h, 'qat-4': h.slice(1) });
    expect(epochHistories('pruning', { dense: { history: h }, pruned: { history: [] } })).toEqual({
      dense: h,
      pruned: [],
    });
  });

  it('is null for labs without epochs and for results without the histories', () => {
    expect(epochHistories('reduction', { history: [] })).toBeNull();
    expect(epochHistories('train', { nothing: 1 })).toBeNull();
    expect(epochHistories('distillation', {})).toBeNull();
  });

  it('writes the histories as CSV, one row per model and epoch', () => {
    const csv = historiesCsv({ model: [epoch(1, 0.5)], other: [epoch(1, 0.25)] });
    expect(csv.split('\n')).toEqual([
      'model,epoch,loss,score,validationLoss,validationScore,seconds',
      'model,1,0.5,0.5,0.6,0.4,0.1',
      'other,1,0.25,0.75,0.35,0.65,0.1',
    ]);
  });
});
