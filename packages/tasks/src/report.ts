import { dirname, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import { LoadError, UsageError } from "./errors.ts";
import { STRANDED } from "./stranded.ts";
import type { Io } from "./types.ts";
import { importModule, resolveModule } from "./importer.ts";
import { packageRoot } from "./package-info.ts";
import type { Core } from "./task-output.ts";

// Maps an error from dk itself to its output and exit code: usage 2, load 1, anything else (a dk bug) 1. The words
// it quotes (a path, a thrown message) keep their colour alone, as a task's report does.
export async function reportError(error: unknown, io: Io, debug: boolean): Promise<number> {
  const say = async (text: string) => void io.stderr.write(await terminalText(text));
  if (error instanceof UsageError) {
    await say(`dk: ${error.message}\nUsage: ${error.usage}  (more: ${error.helpCommand})\n`);
    return error.exitCode;
  }
  if (error instanceof LoadError) {
    await say(`dk: ${error.message}\n`);
    if (debug && error.cause instanceof Error) await say(`${error.cause.stack}\n`);
    return error.exitCode;
  }
  await say(`dk: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
  return 1;
}

// An escape or a control character other than a newline or tab: what a terminal would act on.
const CONTROL = /[^\P{Cc}\n\t]/gu;

// core's terminalSafe, loaded only for text that holds something to filter: dk's start goes on without core.
async function terminalText(text: string): Promise<string> {
  if (text.search(CONTROL) === -1) return text;
  try {
    return (await importModule<Core>("@deploykit/core")).terminalSafe(text);
  } catch {
    // A copy of core that cannot load still leaves the terminal alone: the controls go, colour with them.
    return text.replace(CONTROL, "");
  }
}

/** One error of a failed task: `streamed` when it is core's CommandError or GroupError; `uncaught`: how it got away. */
export type Failure = { readonly error: unknown; readonly streamed: boolean; readonly uncaught?: string | undefined };

// The errors one report names: a task that lets go of one per loop turn still gets a report that fits a screen.
const SHOWN = 5;

/**
 * A task that failed, in one report: each error it threw or let go, the first deciding the wording. Core's errors
 * already streamed their output, so one summary line suffices; others get a location. A thrown value that is no
 * Error is shown as a value (`{ code: 5 }`, not `[object Object]`). `safe` is core's terminalSafe.
 */
export function reportTaskFailure(
  task: string,
  failures: readonly Failure[],
  safe: (text: string) => string,
  io: Io,
  debug: boolean,
): void {
  // An error's message, a command's last line in it or a thrown value keep their colour alone: a title escape,
  // cursor move or screen erase in them must not act on the user's terminal.
  const say = (text: string) => void io.stderr.write(safe(text));
  let located = false;
  for (const [index, { error, streamed, uncaught }] of failures.slice(0, SHOWN).entries()) {
    const prefix = `dk: task "${task}" ${index === 0 ? "failed" : "also failed"}${uncaught ? ` (${uncaught})` : ""}`;
    if (!(error instanceof Error)) {
      const shown = typeof error === "string" ? error : inspect(error, { depth: 4, breakLength: Infinity });
      say(`${prefix}: ${shown}\n`);
    } else if (debug) {
      say(`${prefix}: ${error.stack ?? error.message}\n`);
    } else if (streamed) {
      say(`${prefix}: ${error.message}\n`);
    } else {
      const where = userFrame(error.stack);
      say(`${prefix}: ${error.name}: ${error.message}\n${where ? `  at ${where}\n` : ""}`);
      located = true;
    }
  }
  const more = failures.length - SHOWN;
  if (more > 0) say(`dk: task "${task}" also failed with ${more} more error${more === 1 ? "" : "s"}, not shown\n`);
  if (located) say("(run with --debug for the stack trace)\n");
}

// A task (or the import of its module) that can never finish: which wait it was, and what usually causes one.
export function reportStranded(task: string, importing: string | undefined, io: Io): number {
  const what =
    importing === undefined
      ? "the task's promise never settled: nothing left to wait for"
      : `importing ${importing} never finished: its top-level await waits for nothing`;
  io.stderr.write(
    `dk: task "${task}" failed: ${what}\n(it awaits a promise that nothing can resolve: look for a missing ` +
      "resolve() or reject(), or an unref()'d timer, socket or child)\n",
  );
  return STRANDED;
}

// The first stack frame outside node internals, installed packages and dk's own sources (a workspace's dk, whose
// built-ins throw there): where the user's code threw.
function userFrame(stack: string | undefined): string | undefined {
  const skipped = [coreDir(), `${packageRoot()}src${sep}`, `${packageRoot()}dist${sep}`];
  for (const line of stack?.split("\n").slice(1) ?? []) {
    // The path starts the location (`at /x` or `(/x`), so `node:internal/url:806:29` is no `/url` of the user's.
    const match = /(?:\(|at )((?:file:\/\/)?\/[^()]+:\d+:\d+)\)?\s*$/.exec(line);
    const path = match?.[1]!.replace(/^file:\/\//, "");
    if (path && !path.includes("/node_modules/") && !skipped.some((dir) => dir && path.startsWith(dir))) return path;
  }
  return undefined;
}

// dk's copy of core, by its real path (a workspace link is no node_modules path): its argument checks throw
// there, and the user's call site is the frame after it.
function coreDir(): string | undefined {
  try {
    return `${dirname(fileURLToPath(resolveModule("@deploykit/core")))}${sep}`;
  } catch {
    return undefined;
  }
}
