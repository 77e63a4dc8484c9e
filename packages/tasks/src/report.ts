import { formatProblem, LoadError, UsageError } from "./errors.ts";
import { STRANDED } from "./stranded.ts";
import type { Io } from "./types.ts";
import { failureText } from "./failure-text.ts";
import { dkMessage, usageErrorText } from "./format/usage-error.ts";
import { terminalColumns } from "./format/wrap.ts";
import { importModule } from "./importer.ts";
import type { Core } from "./task-output.ts";

// Maps an error from dk itself to its output and exit code: usage 2, load 1, anything else (a dk bug) 1. The words
// it quotes (a path, a thrown message) keep their colour alone, as a task's report does.
export async function reportError(error: unknown, io: Io, debug: boolean): Promise<number> {
  const say = async (text: string) => void io.stderr.write(await terminalText(text));
  if (error instanceof UsageError) {
    // Wrapped to stderr's own terminal, which may not be stdout's (`dk … | less`).
    await say(usageErrorText(error, terminalColumns(io.stderr)));
    return error.exitCode;
  }
  if (error instanceof LoadError) {
    // One line per problem, each with the prefix: the second reads as dk's as the first does. Wrapped as a usage
    // error is, to stderr's own terminal.
    const width = terminalColumns(io.stderr);
    await say(error.problems.map((problem) => `${dkMessage(formatProblem(problem), width)}\n`).join(""));
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

/**
 * One error of a failed task: `streamed` when it is core's CommandError or GroupError; `uncaught`: how it got away;
 * `summarized`: a GroupError whose every failed host the summary has just shown, with why.
 */
export type Failure = {
  readonly error: unknown;
  readonly streamed: boolean;
  readonly uncaught?: string | undefined;
  readonly summarized?: boolean;
};

// The errors one report names: a task that lets go of one per loop turn still gets a report that fits a screen.
const SHOWN = 5;

/**
 * A task that failed, in one report: each error it threw or let go (failure-text.ts says how), the first deciding
 * the wording. `core` is the copy the task got.
 */
export function reportTaskFailure(
  task: string,
  failures: readonly Failure[],
  core: Pick<Core, "terminalSafe" | "errorChain">,
  io: Io,
  debug: boolean,
): void {
  // An error's message, a command's last line in it or a thrown value keep their colour alone: a title escape,
  // cursor move or screen erase in them must not act on the user's terminal.
  const say = (text: string) => void io.stderr.write(core.terminalSafe(text));
  let more = false;
  for (const [index, { error, streamed, uncaught, summarized }] of failures.slice(0, SHOWN).entries()) {
    const prefix = `dk: task "${task}" ${index === 0 ? "failed" : "also failed"}${uncaught ? ` (${uncaught})` : ""}`;
    const shown = summarized
      ? { text: `${summaryCount(error as Error)} (the summary above says which and why)\n`, more: false }
      : failureText(error, streamed, debug, core.errorChain);
    say(`${prefix}: ${shown.text}`);
    more ||= shown.more;
  }
  const left = failures.length - SHOWN;
  if (left > 0) say(`dk: task "${task}" also failed with ${left} more error${left === 1 ? "" : "s"}, not shown\n`);
  if (more) say("(run with --debug for the stack trace)\n");
}

// `2 of 3 hosts failed`: the first line of a GroupError's message, without the colon that led to its hosts.
function summaryCount(error: Error): string {
  return error.message.split("\n")[0]!.replace(/:$/, "");
}

/**
 * A task (or the import of its module) that can never finish: which wait it was, and what usually causes one. With
 * `returned`, the task had returned and dk waited for the group call parts it left under way on those hosts.
 */
export function reportStranded(
  task: string,
  importing: string | undefined,
  io: Io,
  returned?: readonly string[],
): number {
  const left =
    returned === undefined || returned.length === 0
      ? "what it left running never finished"
      : `its group call's function on ${returned.join(", ")} never settled`;
  const what =
    importing !== undefined
      ? `importing ${importing} never finished: its top-level await waits for nothing`
      : returned !== undefined
        ? `it returned, but ${left}: nothing left to wait for`
        : "the task's promise never settled: nothing left to wait for";
  io.stderr.write(
    `dk: task "${task}" failed: ${what}\n(it awaits a promise that nothing can resolve: look for a missing ` +
      "resolve() or reject(), or an unref()'d timer, socket or child)\n",
  );
  return STRANDED;
}
