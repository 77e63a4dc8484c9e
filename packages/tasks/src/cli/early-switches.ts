import { divertStdout } from "../json-stdout.ts";
import { resultsDocument, type ResultsDocument } from "../results-document.ts";
import type { Io } from "../types.ts";
import type { Globals } from "./global-flag-types.ts";

/**
 * dk's switches that act while tasks.ts is read: --json moves stdout aside for its document, --debug traces the
 * loading. Before the task name they are dk's at once. After it alone, a task's own flag may take the word
 * (`dk report --json out.json`), so they wait for the tasks' flags (`settle`): stdout stays, trace lines are held.
 */
export type EarlySwitches = {
  /** dk's streams; once --json is dk's, stdout writes to the shell's fd 1, which the document alone gets. */
  readonly io: Io;
  /** --debug's trace of the loading, held while undecided; undefined without any --debug. */
  readonly trace: ((message: string) => void) | undefined;
  /**
   * Whether a failure that is not bad usage shows its stack: --debug is dk's, or still undecided (tasks.ts failed to
   * load: its flags are unknown), whose held lines are printed first.
   */
  failureDebug(): boolean;
  /**
   * The run's one results document: made for `task` when --json is dk's or undecided (as when tasks.ts fails to load),
   * moving stdout aside first; undefined when --json is not dk's.
   */
  results(task?: string): ResultsDocument | undefined;
  /** The tasks' flags have said whose the words after the task names are. */
  settle(settled: Pick<Globals, "json" | "debug">): void;
};

/** The early switches of a run; `jsonRun` says whether --json means the results document (not --list's JSON). */
export function earlySwitches(globals: Globals, jsonRun: boolean, given: Io | undefined): EarlySwitches {
  const decided = (on: boolean, key: "json" | "debug") =>
    !on ? false : globals.beforeTask.has(key) ? true : undefined;
  let json = decided(jsonRun && globals.json, "json");
  let debug = decided(globals.debug, "debug");
  let stdout = given?.stdout;
  let document: ResultsDocument | undefined;
  const held: string[] = [];
  // process.stdout is read only when written, never before --json is settled: fd 1 must be moved aside first.
  const io: Io = {
    get stdout() {
      return stdout ?? process.stdout;
    },
    stderr: given?.stderr ?? process.stderr,
  };
  const moveStdout = () => void (stdout ??= divertStdout());
  const write = (message: string) => void io.stderr.write(`dk: ${message}\n`);
  const flush = () => held.splice(0).forEach(write);
  if (json) moveStdout();
  return {
    io,
    trace: globals.debug
      ? (message) => (debug === undefined ? held.push(message) : debug && write(message))
      : undefined,
    failureDebug: () => {
      if (debug === undefined) flush();
      return debug ?? true;
    },
    results(task) {
      if (document !== undefined || json === false || task === undefined) return document;
      moveStdout();
      document = resultsDocument(task, io.stdout);
      return document;
    },
    settle(settled) {
      json ??= settled.json;
      if (debug === undefined) {
        debug = settled.debug;
        if (debug) flush();
        held.length = 0;
      }
    },
  };
}
