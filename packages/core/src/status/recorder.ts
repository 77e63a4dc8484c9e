import type { Printer } from "../output/printer.ts";
import { LineRing } from "./line-ring.ts";
import type { Recorder } from "./record-types.ts";

export type { HostRecord, Recorder } from "./record-types.ts";

// Lines of the combined tail, for the summary of a failed host.
const TAIL = 10;

type Entry = {
  local: boolean;
  /** Part of a group call; `settled`: its outcome there (null ok, else why not). */
  planned: boolean;
  settled: string | null | undefined;
  /** Its parts of group calls under way (a function, or a command with its wait for a connection). */
  parts: number;
  running: number;
  /** performance.now() when the host went from doing nothing (no part, no command) to doing something. */
  since: number;
  commands: number;
  exitCode: number | null;
  error: string | null;
  /** The time it was busy, in the spells that are over. */
  busyMs: number;
  stdout: LineRing;
  stderr: LineRing;
  tail: LineRing;
};

/** Wraps `inner` (which still prints everything); memory per host is bounded by `lines` per stream. */
export function createRecorder(inner: Printer, { lines = 200 }: { readonly lines?: number } = {}): Recorder {
  const entries = new Map<string, Entry>();
  const summarized = new Set<string>();
  const entry = (tag: string): Entry => {
    let found = entries.get(tag);
    if (found === undefined) {
      found = {
        local: true,
        planned: false,
        settled: undefined,
        parts: 0,
        running: 0,
        since: 0,
        commands: 0,
        exitCode: null,
        error: null,
        busyMs: 0,
        stdout: new LineRing(lines),
        stderr: new LineRing(lines),
        tail: new LineRing(TAIL),
      };
      entries.set(tag, found);
    }
    return found;
  };
  return {
    line(tag, text, stream = "stdout", continued) {
      const found = entries.get(tag);
      // Lines outside a command are its echo (`$ command`), not output.
      if (found !== undefined && found.running > 0) {
        found[stream].push(text);
        found.tail.push(text);
      }
      return inner.line(tag, text, stream, continued);
    },
    redraw(tag, text, stream) {
      inner.redraw?.(tag, text, stream);
    },
    notice(tag, text) {
      const found = entry(tag);
      found.stderr.push(text);
      found.tail.push(text);
      inner.notice(tag, text);
    },
    start(tag, command, host) {
      const found = entry(tag);
      if (host !== undefined) found.local = false;
      busy(found);
      // A command after its group call is over: its outcome is the host's again.
      found.settled = undefined;
      found.running++;
      found.commands++;
      inner.start?.(tag, command, host);
    },
    end(tag, end) {
      const found = entry(tag);
      if (found.running > 0) idle(found, "running");
      found.exitCode = end.exitCode;
      found.error = end.error ?? null;
      inner.end?.(tag, end);
    },
    plan(tags) {
      for (const tag of tags) Object.assign(entry(tag), { planned: true, local: false, settled: undefined });
      inner.plan?.(tags);
    },
    begin(tag) {
      entry(tag).parts++;
      busy(entry(tag), 1);
      inner.begin?.(tag);
    },
    settled(tag, error) {
      const found = entry(tag);
      found.settled = error ?? null;
      if (found.parts > 0) idle(found, "parts");
      inner.settled?.(tag, error);
    },
    yieldTerminal(tag) {
      return inner.yieldTerminal?.(tag) ?? (() => {});
    },
    summarized(tags) {
      for (const tag of tags) summarized.add(tag);
      inner.summarized?.(tags);
    },
    summarizedHosts() {
      return summarized;
    },
    hosts() {
      const now = performance.now();
      return [...entries]
        .filter(([, found]) => found.commands > 0 || found.planned)
        .map(([host, found]) => ({
          host,
          // A part still under way (its function between commands, or before any) was cut short too.
          ok: found.running + found.parts === 0 && reason(found) === null,
          // A command still running (cut short) has no exit code yet: the one before it is not the host's.
          exitCode: found.running > 0 ? null : found.exitCode,
          durationMs: Math.round(found.busyMs + (found.parts + found.running > 0 ? now - found.since : 0)),
          error: found.running + found.parts > 0 ? "interrupted" : reason(found),
          commands: found.commands,
          local: found.local,
          output: {
            stdout: found.stdout.lines,
            stderr: found.stderr.lines,
            truncated: found.stdout.truncated || found.stderr.truncated,
          },
          tail: found.tail.lines,
        }));
    },
  };
}

// A command or a part starts on the host (`already` of them counted): a busy spell starts if it was idle. Parallel
// commands, and a function's commands, count once: a host's duration is wall time, not a sum.
function busy(found: Entry, already = 0): void {
  if (found.parts + found.running === already) found.since = performance.now();
}

// One of `what` ends on the host: its busy spell ends when nothing else goes on.
function idle(found: Entry, what: "parts" | "running"): void {
  found[what]--;
  if (found.parts + found.running === 0) found.busyMs += performance.now() - found.since;
}

// Why a host that runs nothing now failed: its group call's outcome, else its last command's; a planned host that
// never settled nor ran was cut short before its turn.
function reason(found: Entry): string | null {
  if (found.settled !== undefined) return found.settled;
  if (found.error !== null) return found.error;
  return found.commands === 0 ? "not started" : null;
}
