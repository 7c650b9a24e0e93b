import { describe, expect, it } from 'vitest';
import { fitZoom, printArea, settingRows } from '../../src/lib/classroom/handout';
import { defaults } from '../../src/engine/settings/schema';
import { trainSchema } from '../../src/engine/train/settings';
import { tuningSchema } from '../../src/engine/tuning/settings';

describe('settingRows', () => {
  it('lists every setting in the schema order with its label', () => {
    const rows = settingRows(trainSchema, defaults(trainSchema));
    expect(rows.map((row) => row.key)).toEqual(Object.keys(trainSchema));
    expect(rows[0]).toEqual({ key: 'dataset', label: 'Dataset', value: 'Circles' });
  });

  it('writes option names, yes/no, lists with commas and "none" for an empty list', () => {
    const settings = { ...defaults(trainSchema), hiddenLayers: [] as number[], standardize: false };
    const value = (key: string) => settingRows(trainSchema, settings).find((r) => r.key === key)!;
    expect(value('initializer').value).toBe('Glorot uniform');
    expect(value('standardize').value).toBe('no');
    expect(value('hiddenLayers').value).toBe('none');
    const tuning = settingRows(tuningSchema, defaults(tuningSchema));
    expect(tuning.find((r) => r.key === 'strategies')!.value).toBe('Random, Bayesian (GP)');
    expect(tuning.find((r) => r.key === 'batchSizes')!.value).toBe('32, 64, 128');
  });

  it('rounds floating-point noise and leaves out keys the schema lacks', () => {
    const rows = settingRows(trainSchema, { learningRate: 0.1 + 0.2, unknown: 1 });
    expect(rows).toEqual([{ key: 'learningRate', label: 'Learning rate', value: '0.3' }]);
  });
});

describe('fitZoom', () => {
  it('scales a wide page so its screen width fills the printed width', () => {
    // 930 px wide, short: the width decides, 718 / 930 = 0.772, less 3%.
    expect(fitZoom(930, 600)).toBeCloseTo(0.97 * (718 / 930), 6);
  });

  it('scales a tall page so its height fits the printed height', () => {
    expect(fitZoom(930, 3000)).toBeCloseTo(0.97 * (printArea.height / 3000), 6);
  });

  it('never enlarges, and leaves unmeasurable content at 1', () => {
    expect(fitZoom(300, 200)).toBeCloseTo(0.97, 6);
    expect(fitZoom(0, 0)).toBe(1);
  });

  it('uses the area common to A4 and Letter with 10 mm margins', () => {
    const px = (mm: number) => (mm / 25.4) * 96;
    expect(printArea.width).toBeLessThanOrEqual(px(210 - 20));
    expect(printArea.width).toBeLessThanOrEqual(px(215.9 - 20));
    expect(printArea.height).toBeLessThanOrEqual(px(279.4 - 20));
    expect(printArea.height).toBeLessThanOrEqual(px(297 - 20));
  });
});
