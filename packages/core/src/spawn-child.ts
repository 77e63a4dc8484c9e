import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { readFileSync } from "node:fs";
import { liveGroups, nextRelease } from "./process-groups.ts";

// Out of file descriptors (ours, or the system's), or of processes.
const PRESSURE = new Set(["EMFILE", "ENFILE", "EAGAIN"]);

/** The file-descriptor limit the run met: names the limit and what to do. */
export class DescriptorLimitError extends Error {
  override readonly name = "DescriptorLimitError";
  constructor(readonly code: string) {
    const limit = openFilesLimit();
    super(
      `too many open files${limit === undefined ? "" : ` (this process may open ${limit}: ulimit -n)`} to start even one more command;`
      + " raise the limit (e.g. `ulimit -n 4096`) or run fewer hosts at once (`concurrency`, `dk --limit`)",
    );
  }
}

/**
 * Spawns `file`; settles once it runs, or rejects with Node's error (ENOENT, …). When descriptors run out while
 * other commands of ours run, it waits for one of them to end and tries again: under pressure the run backs off
 * below the limit instead of failing. With none running, the limit is too low for even one: DescriptorLimitError.
 */
export async function spawnChild(file: string, args: readonly string[], options: SpawnOptions): Promise<ChildProcess> {
  for (;;) {
    const child = spawn(file, args, options);
    const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      child.once("spawn", () => resolve(undefined));
      child.once("error", resolve);
    });
    if (error === undefined) return child;
    for (const stream of child.stdio ?? []) stream?.destroy();
    if (!PRESSURE.has(error.code ?? "")) throw error;
    if (liveGroups() === 0) throw new DescriptorLimitError(error.code!);
    await nextRelease();
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
