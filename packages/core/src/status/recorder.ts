import type { Printer } from "../output/printer.ts";
import { LineRing } from "./line-ring.ts";

/** What happened on one host (one output tag) during a run, as a `Recorder` saw it. */
export type HostRecord = {
  readonly host: string;
  /** False when the host's last command failed with an error (a non-zero exit under `check: false` is ok). */
  readonly ok: boolean;
  /** The last command's exit code; null when no command finished. */
  readonly exitCode: number | null;
  /** Time spent in the host's commands, summed. */
  readonly durationMs: number;
  /** Why the last command failed, when it did. */
  readonly error: string | null;
  readonly commands: number;
  /** True when every command under this tag was a plain local `run()`, not bound to a host. */
  readonly local: boolean;
  /** The last lines of output per stream (notices count as stderr); `truncated` when older lines were dropped. */
  readonly output: { readonly stdout: string[]; readonly stderr: string[]; readonly truncated: boolean };
  /** The last few lines of both streams and notices, in the order they came: what to show for a failed host. */
  readonly tail: string[];
};

/** A printer that passes everything on to another and keeps, per host, the outcome and the last lines of output. */
export type Recorder = Printer & {
  /** Passed on to the wrapped printer when it has it (a status view's waiting hosts). */
  plan(tags: readonly string[]): void;
  /** Every host that ran a command, in the order they first did. */
  hosts(): HostRecord[];
  /** Hosts whose per-host summary a library function already printed. */
  summarizedHosts(): ReadonlySet<string>;
};

// Lines of the combined tail, for the summary of a failed host.
const TAIL = 10;

type Entry = {
  local: boolean;
  running: number;
  commands: number;
  exitCode: number | null;
  error: string | null;
  durationMs: number;
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
        running: 0,
        commands: 0,
        exitCode: null,
        error: null,
        durationMs: 0,
        stdout: new LineRing(lines),
        stderr: new LineRing(lines),
        tail: new LineRing(TAIL),
      };
      entries.set(tag, found);
    }
    return found;
  };
  return {
    line(tag, text, stream = "stdout") {
      const found = entries.get(tag);
      // Lines outside a command are its echo (`$ command`), not output.
      if (found !== undefined && found.running > 0) {
        found[stream].push(text);
        found.tail.push(text);
      }
      return inner.line(tag, text, stream);
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
      found.running++;
      found.commands++;
      inner.start?.(tag, command, host);
    },
    end(tag, end) {
      const found = entry(tag);
      found.running = Math.max(0, found.running - 1);
      found.exitCode = end.exitCode;
      found.error = end.error ?? null;
      found.durationMs += end.durationMs;
      inner.end?.(tag, end);
    },
    plan(tags) {
      inner.plan?.(tags);
    },
    summarized(tags) {
      for (const tag of tags) summarized.add(tag);
      inner.summarized?.(tags);
    },
    summarizedHosts() {
      return summarized;
    },
    hosts() {
      return [...entries]
        .filter(([, found]) => found.commands > 0)
        .map(([host, found]) => ({
          host,
          ok: found.error === null && found.running === 0,
          exitCode: found.exitCode,
          durationMs: found.durationMs,
          error: found.error ?? (found.running > 0 ? "interrupted" : null),
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
