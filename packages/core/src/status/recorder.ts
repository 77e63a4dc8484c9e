import type { Printer } from "../output/printer.ts";
import { busy, halted, idle, newEntry, reason, type Entry } from "./record-entry.ts";
import type { Recorder } from "./record-types.ts";

export type { HostRecord, Recorder } from "./record-types.ts";

/** Wraps `inner` (which still prints everything); memory per host is bounded by `lines` per stream. */
export function createRecorder(inner: Printer, { lines = 200 }: { readonly lines?: number } = {}): Recorder {
  const entries = new Map<string, Entry>();
  const summarized = new Set<string>();
  const entry = (tag: string): Entry => {
    let found = entries.get(tag);
    if (found === undefined) {
      found = newEntry(lines);
      entries.set(tag, found);
    }
    return found;
  };
  return {
    line(tag, text, stream = "stdout", continued) {
      // A command's echo comes as it is called, before it starts (after its connection): the host takes its place in
      // the table now, so hosts keep the order the task called their commands in.
      const found = entry(tag);
      // Lines outside a command are its echo (`$ command`), not output. A long line's next pieces add nothing to its
      // start, which is kept cut short: they would push the lines before it out, a line each.
      if (found.running > 0 && !continued) {
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
      found.stopped = end.stopped === true;
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
    settled(tag, error, stopped) {
      const found = entry(tag);
      found.settled = error ?? null;
      found.stopped = stopped === true;
      if (found.parts > 0) idle(found, "parts");
      inner.settled?.(tag, error, stopped);
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
        .map(([host, found]) => {
          // A part still under way (its function between commands, or before any) was cut short.
          const underWay = found.running + found.parts > 0;
          return {
            host,
            ok: !underWay && reason(found) === null,
            // A command still running (cut short) has no exit code yet: the one before it is not the host's.
            exitCode: found.running > 0 ? null : found.exitCode,
            durationMs: Math.round(found.busyMs + (underWay ? now - found.since : 0)),
            error: underWay ? "interrupted" : reason(found),
            halted: halted(found, underWay),
            commands: found.commands,
            local: found.local,
            output: {
              stdout: found.stdout.lines,
              stderr: found.stderr.lines,
              truncated: found.stdout.truncated || found.stderr.truncated,
            },
            tail: found.tail.lines,
          };
        });
    },
  };
}
