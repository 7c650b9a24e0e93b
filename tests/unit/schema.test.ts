import { describe, expect, it } from 'vitest';
import {
  choice,
  defaults,
  describeSchema,
  fromSearchParams,
  intList,
  number,
  parseSettings,
  toSearchParams,
  boolean,
} from '../../src/engine/settings/schema';

const schema = {
  rate: number({ min: 1e-5, max: 1, scale: 'log', default: 0.01, label: 'Rate', help: 'h' }),
  epochs: number({ min: 1, max: 100, integer: true, default: 10, label: 'Epochs', help: 'h' }),
  kind: choice({ options: ['a', 'b'], default: 'a', label: 'Kind', help: 'h' }),
  on: boolean({ default: true, label: 'On', help: 'h' }),
  layers: intList({
    minLength: 0,
    maxLength: 3,
    min: 1,
    max: 64,
    default: [8, 8],
    label: 'Layers',
    help: 'h',
  }),
};

describe('settings schema', () => {
  it('fills missing settings with defaults, silently', () => {
    const { value, issues } = parseSettings(schema, { epochs: 20 });
    expect(value).toEqual({ ...defaults(schema), epochs: 20 });
    expect(issues).toEqual([]);
  });

  it('replaces each bad value by its default and names the setting', () => {
    const { value, issues } = parseSettings(schema, {
      rate: 5,
      epochs: 2.5,
      kind: 'c',
      on: 'yes',
      layers: [8, 0],
      extra: 1,
    });
    expect(value).toEqual(defaults(schema));
    expect(issues.map((i) => i.key)).toEqual(['rate', 'epochs', 'kind', 'on', 'layers', 'extra']);
    expect(issues[0].message).toContain('outside [0.00001, 1]');
    expect(issues[1].message).toContain('not an integer');
  });

  it('round-trips through URL search params', () => {
    const settings = { rate: 0.003, epochs: 7, kind: 'b' as const, on: false, layers: [16, 4, 2] };
    const params = toSearchParams(schema, settings);
    expect(params.toString()).toBe('rate=0.003&epochs=7&kind=b&on=0&layers=16-4-2');
    expect(fromSearchParams(schema, new URLSearchParams(params.toString()))).toEqual({
      value: settings,
      issues: [],
    });
  });

  it('turns URL garbage into defaults with one issue per bad value', () => {
    const { value, issues } = fromSearchParams(
      schema,
      new URLSearchParams('rate=abc&epochs=&layers=8-x&on=maybe&kind=%3Cscript%3E'),
    );
    expect(value).toEqual(defaults(schema));
    expect(issues).toHaveLength(5);
  });

  it('accepts an empty layer list where the minimum is 0', () => {
    expect(fromSearchParams(schema, new URLSearchParams('layers=')).value.layers).toEqual([]);
  });

  it('describes every setting with its range and default for --help', () => {
    const lines = describeSchema(schema).join('\n');
    expect(lines).toContain('rate');
    expect(lines).toContain('number in [0.00001, 1] (log scale); default 0.01');
    expect(lines).toContain('0-3 integers in [1, 64]; default [8,8]');
  });
});
