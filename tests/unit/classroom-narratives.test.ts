import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labs } from '../../src/lib/labs';
import { narrativeFor, narratives } from '../../src/lib/classroom/narratives';

/** Every .svelte file under `dir`, read as text. */
function svelteSources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.svelte'))
    .map((file) => readFileSync(join(dir, file), 'utf8'));
}

/** Sentences in a step's text: runs ending in . ! or ? followed by a space or the end. */
const sentences = (text: string) => text.split(/(?<=[.!?])\s+/).filter((s) => s.trim() !== '');

const shared = svelteSources('src/lib');

/**
 * Whether the lab's own components or the shared ones render `data-testid="<view>"`, literally or
 * from a template such as `data-testid="timeline-{view.strategy}"`.
 */
function rendersView(route: string, view: string): boolean {
  const sources = [...svelteSources(join('src/routes', route.slice(1))), ...shared];
  const templates = sources.flatMap((source) =>
    [...source.matchAll(/data-testid="([a-z0-9-]+)-\{/g)].map((match) => `${match[1]}-`),
  );
  return (
    sources.some((source) => source.includes(`data-testid="${view}"`)) ||
    templates.some((prefix) => view.startsWith(prefix))
  );
}

describe('classroom narratives', () => {
  it('every lab in labs.ts has exactly one narrative, and no narrative is for a missing lab', () => {
    for (const lab of labs) expect(narrativeFor(lab.route), lab.route).not.toBeNull();
    expect(narratives.map((n) => n.route).sort()).toEqual(labs.map((lab) => lab.route).sort());
  });

  for (const narrative of narratives) {
    describe(narrative.route, () => {
      it('has 4 to 7 steps, each a title and 2 to 4 sentences', () => {
        expect(narrative.steps.length).toBeGreaterThanOrEqual(4);
        expect(narrative.steps.length).toBeLessThanOrEqual(7);
        for (const step of narrative.steps) {
          expect(step.title.trim(), step.title).not.toBe('');
          expect(step.title.length, step.title).toBeLessThan(60);
          const count = sentences(step.text).length;
          expect(count, `${step.title}: ${count} sentences`).toBeGreaterThanOrEqual(2);
          expect(count, `${step.title}: ${count} sentences`).toBeLessThanOrEqual(4);
        }
        const titles = narrative.steps.map((step) => step.title);
        expect(new Set(titles).size).toBe(titles.length);
      });

      it('highlights only views its page renders (a data-testid in its components)', () => {
        const views = narrative.steps.flatMap((step) => step.view ?? []);
        expect(views.length).toBeGreaterThan(0);
        for (const view of views) {
          expect(view).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
          expect(rendersView(narrative.route, view), view).toBe(true);
        }
      });
    });
  }
});
