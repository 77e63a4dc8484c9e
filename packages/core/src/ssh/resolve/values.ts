import { MAX_TIMER_S } from "../../validate.ts";

// How ssh reads some options' values (readconf.c).

/** SetEnv's `NAME=value`s, a name given twice taken once (its first value). */
export function firstOfEachName(pairs: readonly string[]): string[] {
  const names = new Set<string>();
  return pairs.filter((pair) => {
    const name = pair.slice(0, pair.indexOf("="));
    return !names.has(name) && names.add(name);
  });
}

/** Seconds, at most what a Node timer can wait (about 24.8 days): longer ones would fire at once. */
export function timer(text: string): number {
  return Math.min(seconds(text), MAX_TIMER_S);
}

/** OpenSSH's time format: `30`, `90s`, `1m30s`, `1h` (convtime). */
export function seconds(text: string): number {
  const units: Record<string, number> = { "": 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  let total = 0;
  for (const [, n, unit] of text.toLowerCase().matchAll(/(\d+)([smhdw]?)/g)) total += Number(n) * units[unit!]!;
  return total;
}
