/**
 * The Pareto front of points to maximize in y and minimize in x (accuracy against parameter
 * count): a point is on the front when no other point has at least its y with fewer x, or more y
 * with as few x. Sorted by x ascending (ties: y descending), a point is on the front exactly when
 * its y beats every y before it. Returns the indices of the front's points, in x order.
 */
export function paretoFront(points: readonly { x: number; y: number }[]): number[] {
  const order = points
    .map((p, i) => ({ ...p, i }))
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
    .sort((a, b) => a.x - b.x || b.y - a.y);
  const front: number[] = [];
  let best = -Infinity;
  for (const p of order)
    if (p.y > best) {
      front.push(p.i);
      best = p.y;
    }
  return front;
}

/**
 * The front as a step line: from each front point, flat to the next one's x, then up to its y;
 * the last step runs flat to `right` (the largest x of all points), since nothing beyond the
 * front's last point does better.
 */
export function stepLine(front: readonly { x: number; y: number }[], right: number) {
  const line: { x: number; y: number }[] = [];
  front.forEach((p, k) => {
    if (k > 0) line.push({ x: p.x, y: front[k - 1].y });
    line.push({ x: p.x, y: p.y });
  });
  const last = front.at(-1);
  if (last && right > last.x) line.push({ x: right, y: last.y });
  return line;
}
