// The commands of this process running now, each with how to stop it: what dk stops at Ctrl-C, so that their last
// output (a trap's) is shown before it exits, rather than their process groups being killed as it exits.
const runs = new Map<symbol, { readonly halt: () => void; readonly ended: Promise<void> }>();
// The group calls under way, each with how to keep it from starting the hosts whose turn has not come.
const calls = new Set<() => void>();

/** Counts a command as running until the returned function is called; `halt` stops it as an abort would. */
export function running(halt: () => void): () => void {
  const key = Symbol();
  let end = () => {};
  runs.set(key, { halt, ended: new Promise<void>((resolve) => (end = resolve)) });
  return () => {
    runs.delete(key);
    end();
  };
}

/** Counts a group call as under way until the returned function is called; `halt` keeps it from starting more hosts. */
export function callUnderWay(halt: () => void): () => void {
  calls.add(halt);
  return () => calls.delete(halt);
}

/** The failure of a group call's host that a stop kept from starting: a stop (isStop), not a fault. */
export function notStarted(): Error {
  const error = new Error("not started: the run was stopped before this host's turn");
  error.name = "AbortError";
  return error;
}

/**
 * Stops every command running now as an abort of its `signal` would (its output shown a moment longer, then TERM and
 * KILL: each settles within about 2 s), and every group call under way starts no more hosts (those fail as not
 * started); settles once the commands have all ended. Commands and group calls started later run as usual (a task's
 * clean-up).
 */
export async function stopRunning(): Promise<void> {
  for (const halt of calls) halt();
  calls.clear();
  const now = [...runs.values()];
  for (const run of now) run.halt();
  await Promise.all(now.map((run) => run.ended));
}
