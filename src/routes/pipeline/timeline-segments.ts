import type { VariantResult } from '../../engine/pipeline/run';
import type { TimelineKind, TimelineSegment } from '$lib/charts/Timeline.svelte';

export const timelineKinds: TimelineKind[] = [
  { kind: 'decode', label: 'decode', color: '#8250df' },
  { kind: 'augment', label: 'augment', color: 'var(--series-validation)' },
  { kind: 'augment-cached', label: 'augment (decode from cache)', color: '#d4a72c' },
  { kind: 'cache', label: 'read from cache', color: '#2da44e' },
  { kind: 'train', label: 'training step', color: 'var(--series-train)' },
  { kind: 'wait', label: 'training waits for its batch', color: 'var(--danger)', hollow: true },
];

const ms = (t: number) => `${t.toFixed(1)} ms`;

/**
 * A variant's timeline as Gantt lanes: one per map worker (decode then augment for each shard it
 * ran), one for cache reads when there are any, and the consumer's (each training step, and the
 * wait before it). Times in ms since the variant started.
 */
export function timelineLanes(variant: VariantResult): {
  lanes: { id: string; label: string }[];
  segments: TimelineSegment[];
} {
  const { timeline } = variant;
  const lanes = Array.from({ length: timeline.workers }, (_, w) => ({
    id: `w${w}`,
    label: `map worker ${w + 1}`,
  }));
  const segments: TimelineSegment[] = [];
  for (const p of timeline.producer) {
    const what = `batch ${p.batch + 1}${p.lane >= 0 ? `, shard ${p.shard + 1}` : ''} (epoch ${p.epoch}, ${p.elements} elements)`;
    if (p.lane < 0) {
      segments.push({
        lane: 'cache',
        kind: 'cache',
        start: p.start,
        end: p.end,
        label: `${what}: read from the cache in ${ms(p.end - p.start)}`,
      });
      continue;
    }
    const lane = `w${p.lane}`;
    if (p.decoded > p.start)
      segments.push({
        lane,
        kind: 'decode',
        start: p.start,
        end: p.decoded,
        label: `${what}: decode ${ms(p.decoded - p.start)}`,
      });
    segments.push({
      lane,
      kind: p.cacheHit === 'decode' ? 'augment-cached' : 'augment',
      start: p.decoded,
      end: p.end,
      label: `${what}: augment ${ms(p.end - p.decoded)}${p.cacheHit === 'decode' ? ' (decoded pixels from the cache)' : ''}`,
    });
  }
  if (timeline.producer.some((p) => p.lane < 0)) lanes.push({ id: 'cache', label: 'cache' });
  lanes.push({ id: 'consumer', label: 'training (consumer)' });
  for (const c of timeline.consumer) {
    if (c.start - c.requested > 0.05)
      segments.push({
        lane: 'consumer',
        kind: 'wait',
        start: c.requested,
        end: c.start,
        label: `waited ${ms(c.start - c.requested)} for batch ${c.batch + 1}`,
      });
    segments.push({
      lane: 'consumer',
      kind: 'train',
      start: c.start,
      end: c.end,
      label: `batch ${c.batch + 1} (epoch ${c.epoch}): training step ${ms(c.end - c.start)}, loss ${c.loss.toFixed(3)}`,
    });
  }
  return { lanes, segments };
}
