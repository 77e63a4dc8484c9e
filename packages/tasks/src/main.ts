import { cacheDir, usableCacheDir } from "./cache.ts";
import { describedCandidates, fileFromWords, projectPresets } from "./complete.ts";
import { completionLines } from "./complete-help.ts";
import { completionScript } from "./completion.ts";
import { currentDir } from "./current-dir.ts";
import { earlySwitches, type EarlySwitches } from "./cli/early-switches.ts";
import { UsageError } from "./errors.ts";
import { findTasksFile } from "./find-tasks-file.ts";
import { globalHelp } from "./format/global-help.ts";
import { terminalColumns } from "./format/wrap.ts";
import { listJson, listText } from "./format/list.ts";
import { COMMANDS, GLOBAL_USAGE, parseGlobals, type Globals } from "./globals.ts";
import type { LoadOptions } from "./manifest.ts";
import { dkVersion } from "./package-info.ts";
import { reportError } from "./report.ts";
import { findTask } from "./lookup.ts";
import { resolveTasks } from "./task-list.ts";
import type { Io } from "./types.ts";
import { OutputError, writeOut } from "./write-out.ts";

/**
 * The whole CLI: returns the exit code (0 ok, 1 task or load failure or unwritable stdout, 2 usage, 70 a task that
 * can never finish, 130/143 interrupted, 141 the reader of its output gone), never exits. Without `io`, a `--json`
 * run keeps the real stdout for its document alone.
 */
export async function main(argv: readonly string[], io?: Io, cwd?: string): Promise<number> {
  let early: EarlySwitches | undefined;
  let globals: Globals | undefined;
  try {
    globals = parseGlobals(argv);
    early = earlySwitches(globals, globals.json && !globals.list && !isCommand(globals.command), io);
    return await dispatch(globals, early, cwd);
  } catch (error) {
    if (error instanceof OutputError) {
      if (!error.readerGone) (early?.io ?? io ?? processIo()).stderr.write(`dk: ${error.message}\n`);
      return error.exitCode;
    }
    const usage = error instanceof UsageError;
    const code = await reportError(error, early?.io ?? io ?? processIo(), !usage && (early?.failureDebug() ?? false));
    // Bad usage alone leaves stdout empty: every other way a --json run ends writes its document.
    if (!usage) early?.results(globals?.command)?.write(code);
    return code;
  }
}

let reached = false;

/** Whether this process got as far as running tasks (the boot module keeps a code cache that covers that path). */
export function reachedTasks(): boolean {
  return reached;
}

// dk's own commands, whose words are not tasks.
function isCommand(command: string | undefined): boolean {
  return command !== undefined && COMMANDS.has(command);
}

// Read when first needed, never at import: under --json, fd 1 must be swapped before process.stdout exists.
function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr };
}

async function dispatch(globals: Globals, early: EarlySwitches, given: string | undefined): Promise<number> {
  const { io, trace } = early;
  const dk = dkVersion();
  if (globals.version) {
    // A word after it was meant for something: printing the version alone would drop it unsaid.
    const extra = [globals.command, ...globals.args].filter((word) => word !== undefined);
    if (extra.length > 0) throw new UsageError(`--version goes alone, got "${extra.join(" ")}"`, "dk --version");
    return print(io, `dk ${dk}\n`);
  }
  if (globals.command === "completion") return print(io, completionScript(globals.args));
  const options: LoadOptions = { dk, ...(trace ? { trace } : {}) };
  // What may come next, for the completion scripts: words alone (bash), or each with what it is (zsh, fish).
  if (globals.command === "__complete" || globals.command === "__describe") {
    const file = findTasksFile(given ?? currentDir(), fileFromWords(globals.args));
    const { tasks } = await resolveTasks(file, options);
    const found = describedCandidates(globals.args, tasks, projectPresets(file));
    return print(io, completionLines(found, globals.command === "__describe"));
  }
  // Every run without the cache reads and compiles tasks.ts anew, seconds each time: say why, once, with what to do.
  usableCacheDir(cacheDir(), (message) => io.stderr.write(`dk: warning: ${message}\n`));
  // The help needs no tasks file: it is printed even when the one found is refused.
  if (globals.help && globals.command === undefined)
    await writeOut(io.stdout, `${globalHelp(terminalColumns(io.stdout))}\n`);
  const cwd = given ?? currentDir();
  const file = findTasksFile(cwd, globals.file);
  const { tasks, skipped } = await resolveTasks(file, options);
  for (const entry of skipped) trace?.(`not a task: ${entry.name} (${entry.reason})`);
  const shown = {
    namespace: globals.command,
    width: terminalColumns(io.stdout),
    ...(globals.all || globals.debug ? { skipped } : { hidden: skipped.length }),
  };
  // Looked up only for a bare dk: two default tasks stop that alone.
  const fallback = globals.list || globals.help || globals.command !== undefined ? undefined : findTask(tasks, "");
  if (globals.command === undefined && fallback === undefined) {
    if (globals.json && !globals.list) throw new UsageError("--json only goes with --list or a task", GLOBAL_USAGE);
    return print(io, globals.json ? listJson(tasks, file, shown) : listText(tasks, file, cwd, shown));
  }
  if (globals.list) {
    if (globals.args.length > 0)
      throw new UsageError(`--list takes one namespace, got "${globals.args.join(" ")}"`, "dk --list [NAMESPACE]");
    return print(io, globals.json ? listJson(tasks, file, shown) : listText(tasks, file, cwd, shown));
  }
  const words = globals.command === undefined ? [fallback!.name] : [globals.command, ...globals.args];
  // A listing never loads what reads, helps and runs tasks: only calls that name a task compile it.
  reached = true;
  const { runWords } = await import("./cli/run-words.ts");
  return runWords(words, globals, { early, cwd, file, tasks, skipped });
}

async function print(io: Io, text: string): Promise<number> {
  await writeOut(io.stdout, text);
  return 0;
}
