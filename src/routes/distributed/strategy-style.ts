import type { Strategy } from '../../engine/distributed/settings';

/** Each strategy's name and colour on every chart. */
export const strategyStyle: Record<Strategy, { name: string; color: string }> = {
  'one-device': { name: 'One device', color: 'var(--fg-muted)' },
  mirrored: { name: 'Mirrored', color: 'var(--series-train)' },
  'parameter-server': { name: 'Parameter server', color: 'var(--series-validation)' },
  'model-parallel': { name: 'Model parallel', color: 'var(--class-2)' },
};

/** The time line's interval kinds and colours. */
export const intervalKinds = [
  { kind: 'compute', label: 'compute', color: '#2da44e' },
  { kind: 'communicate', label: 'communicate', color: '#1f6feb' },
  { kind: 'wait', label: 'wait', color: '#e36209' },
  { kind: 'idle', label: 'idle', color: '#d0d7de' },
];

/** Bytes as kB or MB. */
export const formatBytes = (bytes: number): string =>
  bytes >= 1e6 ? `${(bytes / 1e6).toFixed(2)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
