import { constants } from "node:os";
import { execa } from "execa";
import { CommandError, type FailureDetail } from "./errors.ts";
import { printer } from "./output.ts";
import { killGroup, trackGroup } from "./process-groups.ts";
import { sshFailure } from "./ssh-hints.ts";
import { Tail } from "./tail.ts";
import { readLines } from "./line-sink.ts";
import type { CommandResult, RunOptions } from "./types.ts";
import { waitingNotice } from "./waiting.ts";

/** One process to start: a local command, or the `ssh` client for a remote one. */
export type Invocation = {
  readonly file: string;
  readonly args: readonly string[];
  /** The command as the user wrote it, for echo, errors and results. */
  readonly display: string;
  /** The output tag. */
  readonly tag: string;
  /** Set for host-bound runs: named in errors. */
  readonly host?: string | undefined;
  /** A line written to the process's stdin first (the sudo password): never echoed or logged. */
  readonly stdinLine?: string;
  /** For ssh runs: where to, for hints in error messages. */
  readonly ssh?: { readonly hostname: string; readonly port?: number | undefined } | undefined;
};

// Captured output kept per stream unless the caller says otherwise (execa's own default).
const DEFAULT_MAX_BUFFER = 100_000_000;

// Grace between SIGTERM and SIGKILL when a command must stop.
const KILL_GRACE_MS = 3000;

/** The one place that spawns: runs `inv`, streams its output tagged, enforces timeout and abort, maps the outcome. */
export async function execute(inv: Invocation, options: RunOptions): Promise<CommandResult> {
  const out = printer();
  const { check = true, timeout, signal, maxBuffer = DEFAULT_MAX_BUFFER } = options;
  const dryRun = options.dryRun ?? process.env.DEPLOYKIT_DRY_RUN === "1";
  if (options.echo ?? true) echo(inv, dryRun);
  if (dryRun) return { command: inv.display, exitCode: 0, stdout: "", stderr: "", durationMs: 0 };
  const started = performance.now();
  const result = (exitCode: number, stdout = "", stderr = ""): CommandResult => ({
    command: inv.display, exitCode, stdout, stderr, durationMs: Math.round(performance.now() - started),
  });
  if (signal?.aborted) throw new CommandError(result(130), { host: inv.host, interrupted: true });

  const tail = new Tail(10);
  // ssh's complaints run to a dozen lines (a changed host key); keep enough to find the cause.
  const errors = new Tail(30);
  const waiting = waitingNotice(inv.display, (text) => out.notice(inv.tag, text));
  let remoteExit: number | undefined;
  const onExitMark = inv.ssh === undefined ? undefined : (code: number) => (remoteExit = code);
  let overflowed: "stdout" | "stderr" | undefined;
  out.start?.(inv.tag, inv.display, inv.host);
  const child = execa(inv.file, [...inv.args], {
    // ssh's stdin stays open and unused: its closing is what tells the remote side to stop.
    stdin: inv.ssh === undefined ? "ignore" : "pipe",
    // Read and captured by readLines below, line by line.
    buffer: false,
    detached: true,
    reject: false,
    ...(inv.ssh === undefined ? { cwd: options.cwd, env: { ...options.env } } : {}),
  });
  const read = (stream: "stdout" | "stderr") =>
    child[stream] === null
      ? Promise.resolve("")
      : readLines(child[stream], {
          mode: options[stream] ?? "print",
          onLine: (text) => {
            waiting.touch();
            tail.push(text);
            if (stream === "stderr") errors.push(text);
            return (options[stream] ?? "print") === "print" ? out.line(inv.tag, text, stream) : undefined;
          },
          onExitMark: stream === "stderr" ? onExitMark : undefined,
          maxBuffer,
          // More than the caller wanted kept: stop the command rather than let memory grow.
          onOverflow: () => ((overflowed ??= stream), stopGroup(child.pid)),
        }).catch(() => "");
  const captured = Promise.all([read("stdout"), read("stderr")]);
  const release = child.pid === undefined ? () => {} : trackGroup(child.pid);
  if (inv.stdinLine !== undefined) child.stdin?.write(`${inv.stdinLine}\n`);
  let timedOut = false;
  let interrupted = false;
  const stop = () => stopGroup(child.pid);
  const timer = timeout === undefined ? undefined : setTimeout(() => ((timedOut = true), stop()), timeout);
  const onAbort = () => ((interrupted = true), stop());
  signal?.addEventListener("abort", onAbort, { once: true });
  const done = await child;
  const [stdout, stderr] = await captured;
  clearTimeout(timer);
  signal?.removeEventListener("abort", onAbort);
  waiting.stop();
  release();

  const exitCode = done.exitCode ?? (done.signal ? 128 + (constants.signals[done.signal] ?? 0) : 127);
  const res = result(exitCode, stdout, stderr);
  const detail: FailureDetail = { host: inv.host, timedOut, timeout, interrupted, tail: tail.lines, lastError: errors.lines.at(-1) };
  const failure = classify();
  out.end?.(inv.tag, { command: inv.display, exitCode, durationMs: res.durationMs, error: failure?.reason });
  if (failure) throw failure;
  if (exitCode !== 0) out.notice(inv.tag, `[Command failed: ${exitCode}] ${inv.display}`);
  return res;

  // The error this run ends in, if any; a non-zero exit with `check: false` is a result, unless ssh itself failed.
  function classify(): CommandError | undefined {
    if (done.exitCode === undefined && done.signal === undefined) {
      return new CommandError(res, { ...detail, startError: done.originalMessage || done.shortMessage });
    }
    if (timedOut || interrupted) return new CommandError(res, detail);
    if (overflowed !== undefined) return new CommandError(res, { ...detail, overflow: { stream: overflowed, maxBuffer } });
    if (exitCode === 0) return undefined;
    // No exit status from the far side: the 255 is ssh's own (no session, or the connection died).
    const ssh = inv.ssh !== undefined && remoteExit === undefined ? sshFailure(exitCode, errors.lines, inv.ssh) : undefined;
    return check || ssh ? new CommandError(res, { ...detail, ssh }) : undefined;
  }
}

// `$ command`, tagged; a multi-line command gets a tag on each line.
function echo(inv: Invocation, dryRun: boolean): void {
  const lines = `${inv.display}${dryRun ? "  (dry run)" : ""}`.split("\n");
  lines.forEach((line, i) => printer().line(inv.tag, `${i === 0 ? "$" : ">"} ${line}`));
}

// TERM to the whole group, then KILL if it is still there after the grace period.
function stopGroup(pid: number | undefined): void {
  if (pid === undefined || !killGroup(pid, "SIGTERM")) return;
  setTimeout(() => killGroup(pid, "SIGKILL"), KILL_GRACE_MS).unref();
}
