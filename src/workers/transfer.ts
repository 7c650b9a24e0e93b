import { transfer } from 'comlink';

/** Marks every typed array's buffer inside `value` for transfer instead of copy. */
export function withTransfer<T>(value: T): T {
  const buffers = new Set<ArrayBuffer>();
  const visit = (node: unknown) => {
    if (ArrayBuffer.isView(node)) {
      if (node.buffer instanceof ArrayBuffer) buffers.add(node.buffer);
    } else if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (node && typeof node === 'object') {
      Object.values(node).forEach(visit);
    }
  };
  visit(value);
  return transfer(value, [...buffers]);
}
