import type { CutShort } from "./summary-count.ts";
import { LineRing } from "./line-ring.ts";

// Lines of the combined tail, for the summary of a failed host.
const TAIL = 10;

/** What the recorder keeps of one host. */
export type Entry = {
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
  /** Its last command's failure, or its group call's, was a stop (Ctrl-C, an abort). */
  stopped: boolean;
  /** The time it was busy, in the spells that are over. */
  busyMs: number;
  stdout: LineRing;
  stderr: LineRing;
  tail: LineRing;
};

/** A host first seen: doing nothing yet, rings of `lines` per stream. */
export function newEntry(lines: number): Entry {
  return {
    local: true,
    planned: false,
    settled: undefined,
    parts: 0,
    running: 0,
    since: 0,
    commands: 0,
    exitCode: null,
    error: null,
    stopped: false,
    busyMs: 0,
    stdout: new LineRing(lines),
    stderr: new LineRing(lines),
    tail: new LineRing(TAIL),
  };
}

// A command or a part starts on the host (`already` of them counted): a busy spell starts if it was idle. Parallel
// commands, and a function's commands, count once: a host's duration is wall time, not a sum.
export function busy(found: Entry, already = 0): void {
  if (found.parts + found.running === already) found.since = performance.now();
}

// One of `what` ends on the host: its busy spell ends when nothing else goes on.
export function idle(found: Entry, what: "parts" | "running"): void {
  found[what]--;
  if (found.parts + found.running === 0) found.busyMs += performance.now() - found.since;
}

/**
 * What cut a host short that did not fail of itself: a stop (Ctrl-C, an abort) while it was under way (`busy`) or of
 * what it ran, or the end of the run before its turn.
 */
export function halted(found: Entry, busy: boolean): CutShort | null {
  if (busy) return "stopped";
  if (reason(found) === null) return null;
  if (found.settled === undefined && found.error === null) return "not started";
  return found.stopped ? "stopped" : null;
}

// Why a host that runs nothing now failed: its group call's outcome, else its last command's; a planned host that
// never settled nor ran was cut short before its turn.
export function reason(found: Entry): string | null {
  if (found.settled !== undefined) return found.settled;
  if (found.error !== null) return found.error;
  return found.commands === 0 ? "not started" : null;
}
