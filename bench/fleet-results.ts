// Reads one pass of bench/fleet.sh's result files (hyperfine exports, first-line and memory samples) into
// medians. File names: echo-N-TOOL.json, seq-TOOL.json, first-TOOL.json, mem-TOOL.json; TOOL.failed holds
// why a cell has no number.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** A median in seconds from `runs` runs, or why there is none. */
export type Cell = { readonly median: number; readonly runs: number } | { readonly failed: string };
export type Memory = {
  readonly pssKb: number;
  readonly rssSumKb: number;
  readonly largestRssKb: number;
  readonly processes: number;
  readonly seconds: number;
};
export type Pass = {
  readonly kex: string;
  readonly date: string;
  readonly machine: string;
  readonly load: string;
  readonly versions: readonly string[];
  readonly sizes: readonly number[];
  /** tool → fleet size → cell */
  readonly echo: Record<string, Record<number, Cell>>;
  readonly sequential: Record<string, Cell>;
  readonly firstLine: Record<string, Cell>;
  readonly memory: Record<string, Memory | { readonly failed: string }>;
  readonly memoryHosts: number;
};

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const text = (dir: string, name: string) =>
  existsSync(join(dir, name)) ? readFileSync(join(dir, name), "utf8").trim() : "";

// The last line of a failure note is enough for a table cell; the full note stays in the work directory.
function failure(dir: string, stem: string): { failed: string } {
  return { failed: text(dir, `${stem}.failed`).split("\n").at(-1) || "no result" };
}

function hyperfineCell(dir: string, stem: string): Cell {
  if (!existsSync(join(dir, `${stem}.json`))) return failure(dir, stem);
  const result = JSON.parse(readFileSync(join(dir, `${stem}.json`), "utf8")).results[0] as { times: number[] };
  return { median: median(result.times), runs: result.times.length };
}

function firstLineCell(dir: string, stem: string): Cell {
  if (!existsSync(join(dir, `${stem}.json`))) return failure(dir, stem);
  const { samples } = JSON.parse(readFileSync(join(dir, `${stem}.json`), "utf8")) as {
    samples: { firstLineMs: number | null }[];
  };
  const times = samples.flatMap((s) => (s.firstLineMs === null ? [] : [s.firstLineMs / 1000]));
  if (times.length < samples.length)
    return { failed: `${samples.length - times.length} of ${samples.length} runs showed no first line` };
  return { median: median(times), runs: times.length };
}

// Tool ids present for a result kind, in the order the bench ran them (the `order` file).
function tools(dir: string, prefix: string): string[] {
  const present = new Set(
    readdirSync(dir)
      .filter((f) => f.startsWith(prefix) && /\.(json|failed)$/.test(f))
      .map((f) => f.slice(prefix.length).replace(/\.(json|failed)$/, "")),
  );
  return text(dir, "order")
    .split(/\s+/)
    .filter((t) => present.has(t));
}

export function readPass(dir: string): Pass {
  const sizes = text(dir, "sizes").split(/\s+/).filter(Boolean).map(Number);
  const echo: Pass["echo"] = {};
  for (const n of sizes) {
    for (const tool of tools(dir, `echo-${n}-`)) (echo[tool] ??= {})[n] = hyperfineCell(dir, `echo-${n}-${tool}`);
  }
  const memory: Pass["memory"] = {};
  for (const tool of tools(dir, "mem-")) {
    const stem = `mem-${tool}`;
    const file = join(dir, `${stem}.json`);
    memory[tool] = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Memory) : failure(dir, stem);
  }
  return {
    kex: text(dir, "kex"),
    date: text(dir, "date"),
    machine: text(dir, "machine"),
    load: text(dir, "load"),
    versions: text(dir, "versions").split("\n").filter(Boolean),
    sizes,
    echo,
    sequential: Object.fromEntries(tools(dir, "seq-").map((t) => [t, hyperfineCell(dir, `seq-${t}`)])),
    firstLine: Object.fromEntries(tools(dir, "first-").map((t) => [t, firstLineCell(dir, `first-${t}`)])),
    memory,
    memoryHosts: Number(text(dir, "memory-hosts")) || 0,
  };
}
