import { candidates, fileFromWords } from "./complete.ts";
import { completionScript } from "./completion.ts";
import { UsageError } from "./errors.ts";
import { findTasksFile } from "./find-tasks-file.ts";
import { globalHelp } from "./format/global-help.ts";
import { taskHelp } from "./format/help.ts";
import { listJson, listText } from "./format/list.ts";
import { switchedOn } from "./cli/global-flags.ts";
import { GLOBAL_USAGE, parseGlobals, type Globals } from "./globals.ts";
import { divertStdout } from "./json-stdout.ts";
import type { LoadOptions } from "./manifest.ts";
import { dkVersion } from "./package-info.ts";
import { parseTaskArgs } from "./parse-flags.ts";
import { reportError } from "./report.ts";
import { resultsDocument, type ResultsDocument } from "./results-document.ts";
import { runTask } from "./run-task.ts";
import { didYouMean } from "./suggest.ts";
import { resolveTasks } from "./task-list.ts";
import type { Io } from "./types.ts";

/**
 * The whole CLI: returns the exit code (0 ok, 1 task or load failure, 2 usage, 70 a task that can never finish,
 * 130/143 interrupted), never exits. Without `io`, a `--json` run keeps the real stdout for its document alone.
 */
export async function main(argv: readonly string[], io?: Io, cwd = process.cwd()): Promise<number> {
  let streams = io;
  let results: ResultsDocument | undefined;
  let globals: Globals | undefined;
  try {
    globals = parseGlobals(argv);
    if (globals.json && globals.command !== undefined) {
      streams ??= { stdout: divertStdout(), stderr: process.stderr };
      results = resultsDocument(globals.command, streams.stdout);
    }
    return await dispatch(globals, streams ?? processIo(), cwd, results);
  } catch (error) {
    const code = reportError(error, streams ?? processIo(), globals?.debug ?? false);
    // Bad usage alone leaves stdout empty: every other way a --json run ends writes its document.
    if (!(error instanceof UsageError)) results?.write(code);
    return code;
  }
}

// Read when first needed, never at import: under --json, fd 1 must be swapped before process.stdout exists.
function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr };
}

async function dispatch(globals: Globals, io: Io, cwd: string, results: ResultsDocument | undefined): Promise<number> {
  const dk = dkVersion();
  if (globals.version) return print(io, `dk ${dk}\n`);
  if (globals.command === "completion") return print(io, completionScript(globals.args));
  const trace = globals.debug ? (message: string) => void io.stderr.write(`dk: ${message}\n`) : undefined;
  const options: LoadOptions = { dk, ...(trace ? { trace } : {}) };
  if (globals.command === "__complete") {
    const tasks = await resolveTasks(findTasksFile(cwd, fileFromWords(globals.args)), options);
    return print(
      io,
      candidates(globals.args, tasks)
        .map((word) => `${word}\n`)
        .join(""),
    );
  }
  const file = findTasksFile(cwd, globals.file);
  if (globals.help && globals.command === undefined) io.stdout.write(`${globalHelp()}\n`);
  const tasks = await resolveTasks(file, options);
  if (globals.command === undefined) {
    return print(io, globals.json ? listJson(tasks, file) : listText(tasks, file, cwd));
  }
  const command = globals.command;
  const task = tasks.find((candidate) => candidate.name === command);
  if (!task) {
    const hint =
      file === undefined
        ? " (no tasks.ts here or in any parent directory)"
        : didYouMean(
            command,
            tasks.map((candidate) => candidate.name),
          );
    throw new UsageError(`unknown task "${command}"${hint}`, GLOBAL_USAGE, "dk --list");
  }
  if (globals.help) return print(io, taskHelp(task, cwd));
  // `dk --dry-run deploy` also reaches a task that takes its own dryRun flag.
  const call = parseTaskArgs(task, globals.args, switchedOn(globals));
  if (call.help) return print(io, taskHelp(task, cwd));
  const { debug, dryRun, limit, on, verbose, askSudoPassword } = globals;
  return runTask(task, call, { io, debug, dryRun, tasksFile: file, limit, on, results, verbose, askSudoPassword });
}

function print(io: Io, text: string): number {
  io.stdout.write(text);
  return 0;
}
