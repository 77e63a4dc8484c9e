import { closeSync, constants, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { privateDirProblem } from "./private-dir.ts";

/** A compiled tasks module in a directory of its own, and the removal of that directory. */
export type CompiledOnce = { readonly path: string; readonly remove: () => void };

/**
 * Without a usable cache dir: `file` compiled as the cache would hold it, into a fresh directory (mkdtemp, 0700) that
 * no other user can write, replace or rename, for one import. Undefined (traced) when the temporary directory is not
 * private or the build gave no module; a build error throws. The caller removes it once the module is imported, and
 * an exit before that (process.exit during a top-level await, a SIGHUP) removes it too.
 */
export async function compileOnce(file: string, trace?: (message: string) => void): Promise<CompiledOnce | undefined> {
  const dir = mkdtempSync(join(tmpdir(), "dk-tasks-"));
  // Nothing of dk's listens for a closed terminal's SIGHUP here, whose default end skips `exit`: then as it would.
  const hangUp = () => {
    remove();
    if (process.listenerCount("SIGHUP") === 0) process.kill(process.pid, "SIGHUP");
  };
  const remove = () => {
    process.off("exit", remove);
    process.off("SIGHUP", hangUp);
    rmSync(dir, { recursive: true, force: true });
  };
  process.on("exit", remove);
  process.on("SIGHUP", hangUp);
  try {
    const problem = privateDirProblem(dir);
    if (problem !== undefined) {
      trace?.(`tasks file: not compiling into ${dir}: ${problem}; set TMPDIR to a directory only you can write`);
      return void remove();
    }
    const path = join(dir, "tasks.mjs");
    const built = await (await import("./compile/build.ts")).buildTasksModule(file, path);
    if (built === undefined) return void remove();
    // Exclusive and not through a symlink: only this process writes what it then imports.
    const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    try {
      writeFileSync(fd, built.code);
    } finally {
      closeSync(fd);
    }
    trace?.(`tasks file: compiled to ${path}, removed once imported`);
    return { path, remove };
  } catch (error) {
    remove();
    throw error;
  }
}
