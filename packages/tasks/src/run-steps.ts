import type { HostRecord } from "@deploykit/core";
import { deprecationNotes } from "./deprecated.ts";
import { printedValue } from "./format/value.ts";
import type { Step } from "./plan.ts";
import type { ResultsDocument } from "./results-document.ts";
import { runTask, type RunOptions } from "./run-task.ts";

export type StepsOptions = Omit<RunOptions, "returned"> & {
  /** `--print`: each named task's return value on stdout (on stderr under --json, whose stdout is the document). */
  readonly print: boolean;
};

/**
 * Runs the steps in order; the first that fails stops the rest and gives the exit code. Under --json, the one
 * document holds every step's hosts and the last named task's return value.
 */
export async function runSteps(steps: readonly Step[], options: StepsOptions): Promise<number> {
  const hosts: HostRecord[] = [];
  let result: unknown;
  // The task the result is of: the last named one so far (by the last step, one has run: @post tasks follow theirs).
  let owner: string | undefined;
  for (const [index, step] of steps.entries()) {
    const named = step.because === undefined;
    if (named) owner = step.task.name;
    if (options.debug && !named) options.io.stderr.write(`dk: running "${step.task.name}" (${step.because})\n`);
    if (named) for (const note of deprecationNotes(step.task, step.call)) options.io.stderr.write(note);
    const returned = (value: unknown) => {
      if (!named) return;
      result = value;
      if (options.print) (options.results ? options.io.stderr : options.io.stdout).write(printedValue(value));
    };
    const last = index === steps.length - 1;
    const results = options.results && collect(options.results, hosts, last, () => [result, step.task.name, owner]);
    const running = runTask(step.task, step.call, { ...options, results, returned });
    // A process.exit in a step before the last ends the chain there: its document is written then, after the step
    // recorded its hosts (runTask's own exit hook, added as it started, comes first); else the first write holds.
    const exiting = (code: number) => results?.exiting(code);
    process.on("exit", exiting);
    const code = await running.finally(() => process.off("exit", exiting));
    if (code !== 0) return code;
  }
  return 0;
}

// A step's view of the document: its hosts are kept, and the document is written by the step that fails (naming it,
// with no result), the last (naming the task whose result it holds), or one the process exits in.
function collect(
  document: ResultsDocument,
  hosts: HostRecord[],
  last: boolean,
  state: () => [result: unknown, step: string, owner: string | undefined],
): ResultsDocument & { exiting(code: number): void } {
  const write = (code: number, recorded: readonly HostRecord[], ending: boolean) => {
    hosts.push(...recorded);
    const [result, step, owner] = state();
    if (code !== 0) document.write(code, hosts, undefined, step);
    else if (last || ending) document.write(code, hosts, result, owner ?? step);
  };
  return { write: (code, recorded = []) => write(code, recorded, false), exiting: (code) => write(code, [], true) };
}
