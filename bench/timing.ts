/** Median of `runs` timings of `work` (milliseconds) after `warmup` untimed runs. */
export async function medianMs(
  work: () => Promise<unknown>,
  runs: number,
  warmup = 1,
): Promise<number> {
  for (let i = 0; i < warmup; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Prints rows as an aligned text table. */
export function printTable(title: string, header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, j) => Math.max(...cells.map((row) => row[j].length)));
  const line = (row: string[]) => row.map((cell, j) => cell.padEnd(widths[j])).join('  ');
  console.log(`\n${title}\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const row of cells.slice(1)) console.log(line(row));
}
