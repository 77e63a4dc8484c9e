// The commands of this process running now, each with how to stop it: what dk stops at Ctrl-C, so that their last
// output (a trap's) is shown before it exits, rather than their process groups being killed as it exits.
const runs = new Map<symbol, { readonly halt: () => void; readonly ended: Promise<void> }>();

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

/**
 * Stops every command running now as an abort of its `signal` would (its output shown a moment longer, then TERM and
 * KILL: each settles within about 2 s) and settles once they all have. Commands started later run as usual.
 */
export async function stopRunning(): Promise<void> {
  const now = [...runs.values()];
  for (const run of now) run.halt();
  await Promise.all(now.map((run) => run.ended));
}
