export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export function summarise(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), n: sorted.length };
}

/** One line: the figure, its target, and whether it meets it. */
export function report(name: string, figure: string, target: string, met: boolean) {
  console.log(`${met ? 'MET   ' : 'MISSED'}  ${name.padEnd(44)} ${figure.padEnd(26)} target ${target}`);
  return met;
}
