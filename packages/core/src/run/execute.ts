import type { RunningChild } from "./child.ts";
import type { Invocation } from "./invocation.ts";
import { once } from "node:events";
import { CommandError } from "../errors.ts";
import { classify, type Stopped } from "./classify.ts";
import { notStarted, stoppedConnecting, stoppedExit } from "./not-started.ts";
import { readOutput } from "./command-output.ts";
import { commandExitCode, exitCodeText, resultMaker, type Exit } from "./command-result.ts";
import { echo, SILENT } from "../output/echo.ts";
import { printer } from "../output/printer.ts";
import { isDryRun } from "../settings.ts";
import { openChild } from "./open-child.ts";
import { ProgramError, STOPPED } from "./spawn-child.ts";
import { unrunnable } from "./unrunnable.ts";
import { cutHere } from "../ssh/closed-here.ts";
import { feed } from "./stdio.ts";
import { abortCause, onAbort, unlessAborted } from "./abortable.ts";
import { stopper } from "./stop.ts";
import { running } from "./stop-running.ts";
import type { CommandResult, Encoding, Output, RunOptions } from "../types.ts";
import { waitingNotice } from "../output/waiting.ts";
import { NOTICE_WIDTH, oneLine } from "../output/one-line.ts";

// Captured output kept per stream unless the caller says otherwise (execa's own default).
const DEFAULT_MAX_BUFFER = 100_000_000;

/**
 * The one place that spawns: runs `inv`, streams its output tagged, enforces timeout, abort and maxBuffer, maps the
 * outcome.
 */
export async function execute<E extends Encoding = "utf8">(
  given: Invocation,
  options: RunOptions<E>,
): Promise<CommandResult<Output<E>>> {
  let inv = given;
  const out = options.quiet ? SILENT : printer();
  // An interactive command has the terminal: its output passes us by, and a live view must not draw over it.
  const interactive = inv.stdin === "inherit";
  const { check = true, timeout, signal, maxBuffer = DEFAULT_MAX_BUFFER } = options;
  const dryRun = options.dryRun ?? isDryRun();
  const result = resultMaker(inv, options.encoding, dryRun);
  const watch = typeof inv.stdin === "object" ? inv.stdin.watch : undefined;
  const stopped = { host: inv.host, interrupted: true, before: "starting" } as const;
  // Stopped before it starts, so not shown as started; a dry run fails as the real run would.
  if (signal?.aborted) throw (watch?.stop(), new CommandError(result(130), stopped, abortCause(signal)));
  if (options.echo ?? true) echo(out, inv, dryRun);
  const began = performance.now();
  if (dryRun) return (watch?.stop(), result(0));
  let inputError: string | undefined;

  let child: RunningChild;
  let release: () => void;
  let why: Stopped | undefined;
  let stop: ReturnType<typeof stopper> | undefined;
  // The deadline counts from here, and a stop may come while the command is still starting (a native connection):
  // the start then gives up, or the command is stopped as soon as it runs.
  const opening = new AbortController();
  const halt = (reason: NonNullable<typeof why>) => ((why ??= reason), stop ? stop.fire() : opening.abort());
  const timer = timeout === undefined ? undefined : setTimeout(() => halt("timedOut"), timeout);
  const unlisten = signal === undefined ? () => {} : onAbort(signal, () => halt("interrupted"));
  const unrun = running(() => halt("interrupted"));
  // Input that fails before the command starts: it never does. One that fails later stops it: the command must not
  // take the input it got for all of it.
  watch?.listen((message) => ((inputError ??= message), halt("input")));
  const unhook = () => (clearTimeout(timer), unlisten(), unrun(), watch?.stop());
  const giveBack = interactive ? out.yieldTerminal?.(inv.tag) : undefined;
  let unready = () => {};
  // What the run waits for when stopped before its command started: its input, then (over ssh) the connection.
  let before: "starting" | "connecting" = "starting";
  let preparing = false;
  try {
    // A file stream opens its file first (within the deadline), so that a command never starts on one it cannot read.
    if (watch) await Promise.race([watch.opened, once(opening.signal, "abort")]);
    inputError ??= watch?.error;
    if (inputError !== undefined) throw new Error(inputError);
    if (inv.ssh !== undefined) before = "connecting";
    if (inv.prepare) {
      preparing = true;
      const prepared = await unlessAborted(inv.prepare(), opening.signal);
      if (prepared === undefined) throw new Error(STOPPED);
      inv = { ...inv, ...prepared };
      preparing = false;
    }
    if (inv.ready) unready = await inv.ready(opening.signal);
    ({ child, release } = await openChild(inv, options, opening.signal));
  } catch (error) {
    unhook();
    unready();
    giveBack?.();
    if (why === "timedOut" || why === "interrupted") {
      const end = { why, check, timeout, maxBuffer, inputError, remoteExit: undefined, tail: [], errors: [], before };
      throw notStarted(inv, out, result(stoppedExit(why)), { ...end, signal });
    }
    // Not knowing how to reach the host (the transport refused its configuration) is that error, as it was thrown.
    if (preparing) throw error;
    if (error instanceof ProgramError && inv.program && inputError === undefined)
      return unrunnable(inv, out, result, error, options);
    const startError = error instanceof Error ? error.message : String(error);
    const detail = inputError === undefined ? { startError } : { inputError };
    throw new CommandError(result(127), { host: inv.host, ...detail }, { cause: error });
  }
  let gaveUp = () => {};
  const exited = new Promise<Exit>((resolve) => {
    child.once("exit", (code, sig) => resolve({ code, signal: sig }));
    // A child that outlives the stop sequence (stuck in the kernel) is reported as killed.
    gaveUp = () => resolve({ code: child.exitCode, signal: child.signalCode ?? "SIGKILL" });
  });
  out.start?.(inv.tag, inv.display, inv.host);
  const waiting = waitingNotice(inv.named ?? inv.display, (text) => interactive || out.notice(inv.tag, text));
  const { sinks, tail, errors } = readOutput(child, inv, options, out, {
    maxBuffer,
    onOutput: () => waiting.touch(),
    onOverflow: (stream) => halt(stream),
    onExitMark: (status) => waiting.exited(exitCodeText(status)),
  });
  // A local shell's exit: its output may stay open, held by a job it started.
  if (inv.ssh === undefined)
    void exited.then(({ code, signal }) => waiting.exited(code === null ? `${signal}` : exitCodeText(code)));
  stop = stopper(child, inv.ssh === undefined ? "local" : inv.ssh.shared ? "shared" : "ssh", {
    cut: () => (sinks.stdout.discard(), sinks.stderr.discard()),
    giveUp: () => (sinks.stdout.destroy(), sinks.stderr.destroy(), gaveUp()),
  });
  child.stdin?.on("error", () => {});
  if (inv.stdinLine !== undefined) child.stdin?.write(`${inv.stdinLine}\n`);
  const stopFeeding = child.stdin && typeof inv.stdin === "object" ? feed(child.stdin, inv.stdin) : () => {};
  // Stopped while it was starting: it is stopped now that it runs.
  if (why !== undefined) stop.fire();
  const [exit, stdout, stderr] = await Promise.all([exited, sinks.stdout.done, sinks.stderr.done]);
  unhook();
  stop.dispose();
  stopFeeding();
  waiting.stop();
  release();
  unready();
  giveBack?.();

  // A stopped command's own end depends on how it took the stop (TERM, KILL, ssh's 255 on its TERM): the code is the
  // stop's, the same locally and over either transport.
  const exitCode =
    why === undefined ? commandExitCode(exit, inv, stderr.exitMark, cutHere(inv, began)) : stoppedExit(why);
  const res = result(exitCode, stdout.captured, stderr.captured);
  // Only printed streams' bytes would have been shown: captured ones (a transfer's rsync) have no one to miss them.
  const printed = (["stdout", "stderr"] as const).filter((stream) => (options[stream] ?? "print") === "print");
  const cut = printed.reduce((sum, stream) => sum + sinks[stream].discarded, 0);
  if (cut > 0) out.notice(inv.tag, `${cut} bytes of output that arrived after the stop were not shown`);
  // Stopped while ssh was still logging in: the command never started (the native transport finds that out itself).
  const connecting = stoppedConnecting(inv, child, exit, stderr.exitMark);
  const ending = { why, check, timeout, maxBuffer, inputError, remoteExit: stderr.exitMark, before: connecting };
  const told = { signal, channelExit: child.exitReported === true, tail: tail.lines, errors: errors.lines };
  const failure = classify(res, inv, { ...ending, ...told });
  const ended = { command: inv.display, exitCode, durationMs: res.durationMs };
  out.end?.(inv.tag, { ...ended, error: failure?.reason, stopped: failure?.interrupted });
  if (failure) throw failure;
  if (exitCode !== 0)
    out.notice(inv.tag, `[Command failed: ${exitCodeText(exitCode)}] ${oneLine(inv.display, NOTICE_WIDTH)}`);
  return res;
}
