/**
 * Classroom mode's pure logic: the narrative types, the step reducer, the key map, the `present`
 * URL parameter and which views a step shows, outlines or keeps dimmed. No DOM here, so all of it
 * runs in unit tests.
 */

/** One step of a lab's narrative: one concept, explained against what is on screen. */
export interface NarrativeStep {
  title: string;
  /** Two to four plain sentences that refer to the view on screen. */
  text: string;
  /**
   * The `data-testid` of the view this step is about: outlined and scrolled into view while the
   * step is shown, dimmed on the steps before it. None for a step about the page as a whole.
   */
  view?: string;
}

/** A lab's presenter narrative: its steps in teaching order (4 to 7 of them). */
export interface Narrative {
  /** The lab's route, as in `labs.ts`. */
  route: string;
  steps: NarrativeStep[];
}

export type StepAction = 'next' | 'previous' | 'first' | 'last';

/** The step index after `action`, clamped to [0, count - 1] (no wrap-around at the ends). */
export function nextStep(index: number, action: StepAction, count: number): number {
  const last = Math.max(0, count - 1);
  const target =
    action === 'next'
      ? index + 1
      : action === 'previous'
        ? index - 1
        : action === 'first'
          ? 0
          : last;
  return Math.min(last, Math.max(0, target));
}

/** What a key press does in presenter view. */
export type KeyCommand = StepAction | 'exit';

/** The parts of a keydown event that decide whether presenter view handles it. */
export interface KeyPress {
  key: string;
  /** Lower-case tag name of the focused element the event came from. */
  targetTag: string;
  targetEditable: boolean;
  modifier: boolean;
  defaultPrevented: boolean;
}

const keyCommands: Record<string, KeyCommand> = {
  ArrowRight: 'next',
  PageDown: 'next',
  ' ': 'next',
  ArrowLeft: 'previous',
  PageUp: 'previous',
  Home: 'first',
  End: 'last',
  Escape: 'exit',
};

/**
 * The command a key press means, or null when presenter view must leave it alone: in a text field,
 * select or editable element (the settings still work), with Ctrl/Alt/Meta held (browser
 * shortcuts), when a widget on the page already handled it, and Space on a button or link, which
 * clicks it.
 */
export function keyCommand(press: KeyPress): KeyCommand | null {
  if (press.defaultPrevented || press.modifier || press.targetEditable) return null;
  if (['input', 'select', 'textarea'].includes(press.targetTag)) return null;
  if (press.key === ' ' && ['button', 'a', 'summary'].includes(press.targetTag)) return null;
  return keyCommands[press.key] ?? null;
}

/**
 * Reads the `present` URL parameter: absent means not presenting (null); `present=k` shows step k
 * (1-based) and any other value, or a k out of range, falls back to the first step.
 */
export function presentStep(value: string | null, count: number): number | null {
  if (value === null || count === 0) return null;
  const k = /^\d+$/.test(value) ? Number(value) : 1;
  return k >= 1 && k <= count ? k - 1 : 0;
}

/** Which views step `index` outlines and which it keeps dimmed because a later step brings them in. */
export interface Reveal {
  current: string | null;
  later: string[];
}

/** The view of step `index`, and the views that no step up to `index` has introduced yet. */
export function reveal(steps: readonly NarrativeStep[], index: number): Reveal {
  const shown = new Set(steps.slice(0, index + 1).flatMap((step) => step.view ?? []));
  const later = steps
    .slice(index + 1)
    .flatMap((step) => step.view ?? [])
    .filter((view, i, all) => !shown.has(view) && all.indexOf(view) === i);
  return { current: steps[index]?.view ?? null, later };
}

/** A view's CSS selector; view ids are kebab-case, so they need no escaping. */
export const viewSelector = (view: string): string => `[data-testid="${view}"]`;

/**
 * The style sheet of one step, for screens only (a printed handout shows every view plainly): the
 * current view outlined, views still to come dimmed.
 */
export function revealCss({ current, later }: Reveal): string {
  const rules: string[] = [];
  if (current)
    rules.push(
      `${viewSelector(current)} { outline: 4px solid var(--accent); outline-offset: 4px; border-radius: var(--radius); }`,
    );
  if (later.length)
    rules.push(
      `${later.map(viewSelector).join(', ')} { opacity: 0.15; filter: grayscale(1); transition: opacity 0.3s; }`,
    );
  return rules.length ? `@media screen {\n${rules.join('\n')}\n}` : '';
}
