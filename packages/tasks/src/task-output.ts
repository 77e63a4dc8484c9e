import type { Recorder, StatusPrinter } from "@deploykit/core";
import type { RunOptions } from "./run-task.ts";

export type Core = typeof import("@deploykit/core");
/** A task run's printers: the recorder every line goes through, and the live view on a terminal. */
export type Output = { core: Core; recorder: Recorder; view: StatusPrinter | undefined; done: boolean };

// Installs the printers: a live view on a terminal that can redraw, tagged lines otherwise (on stderr under --json),
// recorded.
export function startOutput(core: Core, options: RunOptions, sudoPassword?: string): Output {
  const { results, verbose = false, compact = false, dryRun } = options;
  if (sudoPassword !== undefined) core.setSudoPassword(sudoPassword);
  const live = core.drawsInPlace(process.stdout) && !verbose && results === undefined && !dryRun;
  const output = compact ? "compact" : "stream";
  const view = live ? core.createStatusPrinter(process.stdout, process.stderr, { tail: 0, output }) : undefined;
  const base = view ?? core.createPrinter(results === undefined ? process.stdout : process.stderr, process.stderr);
  const recorder = core.createRecorder(base);
  // Never put back: lines of commands still stopping after Ctrl-C must not reach stdout after the JSON.
  core.setPrinter(recorder);
  return { core, recorder, view, done: false };
}

// Once per run, however it ends: the view's final state, the summary table, then the JSON document.
export function finish(output: Output | undefined, code: number, task: string, options: RunOptions): number {
  const { io, results } = options;
  if (output !== undefined && !output.done) {
    output.done = true;
    output.view?.stop();
    // Only hosts (not plain local runs), and not those a built-in (deploy-nixos) already summed up.
    const done = output.recorder.summarizedHosts();
    const fleet = output.recorder.hosts().filter((host) => !host.local && !done.has(host.host));
    // The compact view has just shown each failed command's output in full.
    const table = output.core.summaryTable(fleet, { succeeded: code === 0, tails: !(output.view && options.compact) });
    if (fleet.length > 0) (results === undefined ? io.stdout : io.stderr).write(table);
  }
  results?.write(code, output?.recorder.hosts());
  return code;
}
