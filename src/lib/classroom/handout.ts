import type { Field, Schema } from '../../engine/settings/schema';

/** One row of the handout's settings table. */
export interface SettingRow {
  key: string;
  label: string;
  value: string;
}

/** A value as a reader wants it: option names, yes/no, lists with commas. */
function formatValue(field: Field, value: unknown): string {
  const label = (options: readonly string[], labels: readonly string[] | undefined, v: unknown) =>
    labels?.[options.indexOf(String(v))] ?? String(v);
  switch (field.kind) {
    case 'boolean':
      return value ? 'yes' : 'no';
    case 'choice':
      return label(field.options, field.optionLabels, value);
    case 'intList':
    case 'choiceList': {
      const list = Array.isArray(value) ? value : [];
      if (list.length === 0) return 'none';
      return field.kind === 'intList'
        ? list.join(', ')
        : list.map((v) => label(field.options, field.optionLabels, v)).join(', ');
    }
    case 'number':
      return typeof value === 'number' ? String(Number(value.toPrecision(6))) : String(value);
  }
}

/** The settings of a run as labelled rows, in the schema's order; keys the schema lacks are left out. */
export function settingRows(schema: Schema, settings: Record<string, unknown>): SettingRow[] {
  return Object.entries(schema)
    .filter(([key]) => key in settings)
    .map(([key, field]) => ({ key, label: field.label, value: formatValue(field, settings[key]) }));
}

/**
 * The printable area, in CSS pixels, common to A4 (210 × 297 mm) and US Letter (8.5 × 11 in)
 * with 10 mm margins: 190 mm wide (A4) by 259 mm high (Letter), at 96 px per inch.
 */
export const printArea = { width: 718, height: 979 };

/** Below this zoom a handout's type gets too small to read, so it leaves out the extra views. */
export const compactBelow = 0.5;

/**
 * The zoom that fits content measured on screen (`width` × `height` CSS px) onto one printed
 * page: the page width over the content's width, so it lays out as it does on screen, or less
 * where it is too tall; never above 1, and 3% short of the edge for rounding.
 */
export function fitZoom(width: number, height: number, area = printArea): number {
  if (!(width > 0 && height > 0)) return 1;
  return 0.97 * Math.min(1, area.width / width, area.height / height);
}
