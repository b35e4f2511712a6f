/** Small timing helpers for `npm run bench`: figures are medians of several rounds, run side by side. */

export interface Rate {
  perSecond: number;
  nsPerOp: number;
}

/** Runs `op` `n` times per round for `rounds` rounds (after one warm-up round); the median round wins. */
export async function rate(op: (i: number) => unknown, n: number, rounds = 7): Promise<Rate> {
  const times: number[] = [];
  for (let round = -1; round < rounds; round++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const r = op(i);
      if (r instanceof Promise) await r;
    }
    const ms = performance.now() - t0;
    if (round >= 0) times.push(ms);
  }
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)]!;
  return { perSecond: (n / ms) * 1000, nsPerOp: (ms * 1e6) / n };
}

export const fmt = (v: number, digits = 0): string => v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
