import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { unlessAborted } from "./abortable.ts";
import { orphanKeeper } from "./orphans.ts";
import { liveGroups, nextRelease, trackGroup } from "./process-groups.ts";

/** Why a run stopped before it started got no child (execute reports the stop itself). */
export const STOPPED = "stopped before it started";

// Out of file descriptors (ours, or the system's), or of processes.
const PRESSURE = new Set(["EMFILE", "ENFILE", "EAGAIN"]);

/** The program itself could not be run: not found (127) or not executable (126), the codes a shell exits with. */
export class ProgramError extends Error {
  override readonly name = "ProgramError";
  constructor(
    message: string,
    readonly exitCode: 126 | 127,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The file-descriptor limit the run met: names the limit and what to do. */
export class DescriptorLimitError extends Error {
  override readonly name = "DescriptorLimitError";
  constructor(readonly code: string) {
    const limit = openFilesLimit();
    super(
      `too many open files${limit === undefined ? "" : ` (this process may open ${limit}: ulimit -n)`}` +
        " to start even one more command;" +
        " raise the limit (e.g. `ulimit -n 4096`) or run fewer hosts at once (`concurrency`, `dk --limit`)",
    );
  }
}

/**
 * Spawns `file`; settles once it runs, or rejects with Node's error (ENOENT, …). When descriptors run out while
 * other commands of ours run, it waits for one of them to end and tries again: under pressure the run backs off
 * below the limit instead of failing. With none running, the limit is too low for even one: DescriptorLimitError.
 * Once `signal` aborts (the run's deadline, a stop) it stops waiting and starts nothing.
 */
export async function spawnChild(
  file: string,
  args: readonly string[],
  options: SpawnOptions,
  signal?: AbortSignal,
): Promise<{ child: ChildProcess; release: () => void }> {
  await unlessAborted(nextTurn(), signal);
  for (let idle = 0; ;) {
    if (signal?.aborted) throw new Error(STOPPED);
    // Node leaks the pipes of a spawn that fails for want of descriptors, so one never starts without room.
    const short = roomFor(SPAWN_DESCRIPTORS);
    if (short === undefined) {
      const guard = orphanKeeper();
      const child = spawnNow(file, args, options);
      // Guarded before anything else runs: this process killed right after the exec still has it stopped.
      const unguard = child.pid === undefined ? () => {} : guard(child.pid);
      let release = () => {};
      const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
        // Tracked at once: a sibling that fails in the same tick must see this one running.
        child.once("spawn", () => ((release = trackGroup(child.pid!)), resolve(undefined)));
        child.once("error", resolve);
      });
      if (error === undefined) return { child, release: () => (release(), unguard()) };
      unguard();
      for (const stream of [child.stdin, child.stdout, child.stderr]) stream?.destroy();
      if (!PRESSURE.has(error.code ?? "")) throw startFailure(error, file, options);
    }
    // With none of ours running, the last one's pipes may still be closing: look once more, shortly.
    if (liveGroups() === 0 && idle++ > 0) throw new DescriptorLimitError(short ?? "EMFILE");
    await unlessAborted(liveGroups() === 0 ? new Promise((resolve) => setTimeout(resolve, 20)) : nextRelease(), signal);
  }
}

// The last start's turn. A start blocks this process while it forks (tens of ms on a busy host): one per turn of the
// event loop, so that what comes between two (a stop, a deadline, Ctrl-C, output) is heard before the next, not after
// a group's hundreds of them.
let turn: Promise<void> = Promise.resolve();

// Resolves on a turn of the event loop after the one of the start before.
function nextTurn(): Promise<void> {
  turn = turn.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
  return turn;
}

const TOO_BIG =
  "its arguments and environment are too long for one program start (E2BIG; Linux takes at most 128 KiB in one " +
  "argument): send large data as `input`, or write it to a file and pass its path";

// Node throws some failures (ENOTDIR, EPERM, E2BIG) at once instead of emitting them.
function spawnNow(file: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  try {
    return spawn(file, args, options);
  } catch (error) {
    throw startFailure(error as NodeJS.ErrnoException, file, options);
  }
}

// Node's words ("spawn x ENOENT") name neither the cause nor the fix: it blames the program when it is the working
// directory that is missing, and says only "spawn ENOTDIR" when that is a file.
function startFailure(error: NodeJS.ErrnoException, file: string, { cwd, env }: SpawnOptions): Error {
  if (error.code === "E2BIG") return new Error(TOO_BIG, { cause: error });
  if (cwd !== undefined && error.code === "ENOTDIR")
    return new Error(`the working directory ${String(cwd)} is not a directory`, { cause: error });
  if (error.code === "ENOENT" && cwd !== undefined && !existsSync(cwd))
    return new Error(`the working directory ${String(cwd)} does not exist`, { cause: error });
  if (error.code === "ENOENT")
    return new ProgramError(notFound(file, (env ?? process.env).PATH), 127, { cause: error });
  if (error.code === "EACCES")
    return new ProgramError(`${file} is not an executable program (permission denied): check its mode`, 126, {
      cause: error,
    });
  return error;
}

// A name without a slash is looked up on the command's PATH, which `env` may have set, as execvp does.
function notFound(file: string, path: string | undefined): string {
  if (file.includes("/")) return `${file} does not exist (ENOENT)`;
  const where = path === process.env.PATH ? "PATH" : `the PATH its env gives (${path ?? "none"})`;
  return `no program named ${file} on ${where} (ENOENT): check its name, install it, or give its full path`;
}

// A spawn's descriptors at most: a socket pair for each of three pipes, and the pipe that reports a failed exec.
const SPAWN_DESCRIPTORS = 8;

/** Whether `count` more descriptors can be opened now: undefined if so, else the error code (EMFILE, …). */
export function roomFor(count: number): string | undefined {
  const opened: number[] = [];
  try {
    while (opened.length < count) opened.push(openSync("/dev/null", "r"));
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "EMFILE";
    return PRESSURE.has(code) ? code : undefined;
  } finally {
    for (const fd of opened) closeSync(fd);
  }
}

// The soft limit on open files, from /proc (Linux); undefined elsewhere.
function openFilesLimit(): number | undefined {
  try {
    const line = /^Max open files\s+(\d+)/m.exec(readFileSync("/proc/self/limits", "utf8"));
    return line ? Number(line[1]) : undefined;
  } catch {
    return undefined;
  }
}
