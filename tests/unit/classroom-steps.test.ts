import { describe, expect, it } from 'vitest';
import {
  keyCommand,
  nextStep,
  presentStep,
  reveal,
  revealCss,
  type KeyPress,
  type NarrativeStep,
} from '../../src/lib/classroom/steps';
import { withKeptParams } from '../../src/lib/url-settings';

const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({
  key,
  targetTag: 'body',
  targetEditable: false,
  modifier: false,
  defaultPrevented: false,
  ...more,
});

describe('nextStep', () => {
  it('moves one step and stops at both ends instead of wrapping', () => {
    expect(nextStep(0, 'next', 5)).toBe(1);
    expect(nextStep(4, 'next', 5)).toBe(4);
    expect(nextStep(3, 'previous', 5)).toBe(2);
    expect(nextStep(0, 'previous', 5)).toBe(0);
  });

  it('jumps to the first and the last step', () => {
    expect(nextStep(3, 'first', 5)).toBe(0);
    expect(nextStep(1, 'last', 5)).toBe(4);
  });

  it('stays at 0 for an empty narrative', () => {
    expect(nextStep(0, 'next', 0)).toBe(0);
    expect(nextStep(0, 'last', 0)).toBe(0);
  });
});

describe('keyCommand', () => {
  it('maps the presenter keys', () => {
    expect(['ArrowRight', 'PageDown', ' '].map((k) => keyCommand(press(k)))).toEqual([
      'next',
      'next',
      'next',
    ]);
    expect(['ArrowLeft', 'PageUp'].map((k) => keyCommand(press(k)))).toEqual([
      'previous',
      'previous',
    ]);
    expect(keyCommand(press('Home'))).toBe('first');
    expect(keyCommand(press('End'))).toBe('last');
    expect(keyCommand(press('Escape'))).toBe('exit');
    expect(keyCommand(press('a'))).toBeNull();
  });

  it('leaves keys alone in form fields and editable elements, so the settings still work', () => {
    for (const targetTag of ['input', 'select', 'textarea'])
      expect(keyCommand(press('ArrowRight', { targetTag }))).toBeNull();
    expect(keyCommand(press('Escape', { targetTag: 'input' }))).toBeNull();
    expect(keyCommand(press('End', { targetTag: 'div', targetEditable: true }))).toBeNull();
  });

  it('leaves Space to the button or link that has focus, but takes the arrows there', () => {
    expect(keyCommand(press(' ', { targetTag: 'button' }))).toBeNull();
    expect(keyCommand(press(' ', { targetTag: 'a' }))).toBeNull();
    expect(keyCommand(press('ArrowRight', { targetTag: 'button' }))).toBe('next');
  });

  it('ignores browser shortcuts and keys a widget already handled', () => {
    expect(keyCommand(press('ArrowLeft', { modifier: true }))).toBeNull();
    expect(keyCommand(press('ArrowRight', { defaultPrevented: true }))).toBeNull();
  });
});

describe('presentStep', () => {
  it('is null without the parameter: not presenting', () => {
    expect(presentStep(null, 5)).toBeNull();
    expect(presentStep('1', 0)).toBeNull();
  });

  it('reads present=k as step k, 1-based', () => {
    expect(presentStep('1', 5)).toBe(0);
    expect(presentStep('5', 5)).toBe(4);
  });

  it('falls back to the first step for a bad or out-of-range value', () => {
    for (const value of ['', 'yes', '0', '6', '-2', '2.5']) expect(presentStep(value, 5)).toBe(0);
  });
});

describe('reveal', () => {
  const steps: NarrativeStep[] = [
    { title: 'a', text: 'x', view: 'settings' },
    { title: 'b', text: 'x' },
    { title: 'c', text: 'x', view: 'loss' },
    { title: 'd', text: 'x', view: 'settings' },
    { title: 'e', text: 'x', view: 'table' },
    { title: 'f', text: 'x', view: 'loss' },
  ];

  it('outlines the current view and dims those no step so far has introduced', () => {
    expect(reveal(steps, 0)).toEqual({ current: 'settings', later: ['loss', 'table'] });
    expect(reveal(steps, 1)).toEqual({ current: null, later: ['loss', 'table'] });
    expect(reveal(steps, 3)).toEqual({ current: 'settings', later: ['table'] });
    expect(reveal(steps, 5)).toEqual({ current: 'loss', later: [] });
  });

  it('writes screen-only CSS: an outline for the current view, dimming for later ones', () => {
    const css = revealCss(reveal(steps, 0));
    expect(css).toMatch(/^@media screen \{/);
    expect(css).toContain('[data-testid="settings"] { outline: 4px solid');
    expect(css).toContain('[data-testid="loss"], [data-testid="table"] { opacity: 0.15;');
    expect(revealCss({ current: null, later: [] })).toBe('');
  });
});

describe('withKeptParams', () => {
  it('keeps present=k and run=id beside the settings and drops any other parameter', () => {
    expect(withKeptParams('?epochs=5&seed=1', '?epochs=4&present=3&run=abc&other=1')).toBe(
      '?epochs=5&seed=1&present=3&run=abc',
    );
    expect(withKeptParams('?epochs=5', '?epochs=4')).toBe('?epochs=5');
  });
});
