import type { Recorder, StatusPrinter } from "@deploykit/core";
import type { RunOptions } from "./run-task.ts";

export type Core = typeof import("@deploykit/core");
/**
 * A task run's printers: the recorder every line goes through, and the live view on a terminal; `cutShort`: why a host
 * still under way at the end did not finish, once known (Ctrl-C, a function that never settled).
 */
export type Output = { core: Core; recorder: Recorder; view: StatusPrinter | undefined; done: boolean } & {
  cutShort?: string;
  /** The hosts a summary has shown failed, with why: dk's table, or a built-in's own (all its hosts). */
  shownFailed?: ReadonlySet<string>;
};

// A host still under way when the run ended otherwise: the task threw, or called process.exit.
const TASK_ENDED = "stopped: the task ended";
/** Why hosts still under way failed when nothing was left that could end them: no stop, a fault of the task's. */
export const NEVER_SETTLED = "never settled";

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

/** The hosts still under way (a command or their group call's function): those the end cuts short. */
export function underWay(output: Output | undefined): string[] {
  return output?.recorder.hosts().flatMap((host) => (host.error === "interrupted" ? [host.host] : [])) ?? [];
}

/** Why the hosts still under way at the end did not finish, for the summary and --json. */
export function cutShort(output: Output | undefined, why: string): void {
  if (output !== undefined) output.cutShort = why;
}

// Once per run, however it ends: the view's final state, the summary table, then the JSON document.
export function finish(output: Output | undefined, code: number, task: string, options: RunOptions): number {
  const { io, results } = options;
  // The recorder calls every host still under way "interrupted", Ctrl-C or not.
  const recorded = output?.recorder.hosts();
  const cut = recorded?.filter((host) => host.error === "interrupted") ?? [];
  const hosts = recorded?.map((host) =>
    cut.includes(host)
      ? {
          ...host,
          error: output!.cutShort ?? TASK_ENDED,
          halted: output!.cutShort === NEVER_SETTLED ? null : host.halted,
        }
      : host,
  );
  if (output !== undefined && !output.done) {
    output.done = true;
    output.view?.stop();
    // Only hosts (not plain local runs), and not those a built-in (deploy-nixos) already summed up.
    const done = output.recorder.summarizedHosts();
    const fleet = hosts!.filter((host) => !host.local && !done.has(host.host));
    // The compact view has just shown each failed command's output in full; hosts cut short were not handled.
    const succeeded = code === 0 && cut.length === 0;
    const tails = !(output.view && options.compact);
    const table = output.core.summaryTable(fleet, { succeeded, tails, dryRun: options.dryRun });
    if (fleet.length > 0) (results === undefined ? io.stdout : io.stderr).write(table);
    output.shownFailed = new Set([...done, ...fleet.filter((host) => !host.ok).map((host) => host.host)]);
  }
  results?.write(code, hosts);
  return code;
}
