import { expect, it } from 'vitest';
import { paretoFront, stepLine } from '../../src/routes/nas/pareto';

it('paretoFront keeps the points no other point beats in both accuracy and size', () => {
  // By hand: (1, 0.5) is smallest; (2, 0.7) beats it; (2, 0.6) ties its size with less
  // accuracy; (3, 0.65) is beaten by (2, 0.7); (4, 0.9) is best; (5, 0.9) is as good but larger.
  const points = [
    { x: 3, y: 0.65 },
    { x: 2, y: 0.6 },
    { x: 1, y: 0.5 },
    { x: 5, y: 0.9 },
    { x: 2, y: 0.7 },
    { x: 4, y: 0.9 },
    { x: NaN, y: 1 },
  ];
  expect(paretoFront(points)).toEqual([2, 4, 5]);
  expect(paretoFront([])).toEqual([]);
});

it('stepLine goes flat to the next front point, then up, and flat to the right edge', () => {
  const front = [
    { x: 1, y: 0.5 },
    { x: 2, y: 0.7 },
    { x: 4, y: 0.9 },
  ];
  expect(stepLine(front, 5)).toEqual([
    { x: 1, y: 0.5 },
    { x: 2, y: 0.5 },
    { x: 2, y: 0.7 },
    { x: 4, y: 0.7 },
    { x: 4, y: 0.9 },
    { x: 5, y: 0.9 },
  ]);
  expect(stepLine(front.slice(0, 1), 1)).toEqual([{ x: 1, y: 0.5 }]);
});
