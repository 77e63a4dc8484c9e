// dk exits at once at Ctrl-C while a task runs: its `finally` blocks never run, but the process's exit listeners do.
/** Runs `cleanup` (synchronous) when the process exits, until the returned function takes it back. */
export function atExit(cleanup: () => void): () => void {
  const listener = () => cleanup();
  process.once("exit", listener);
  return () => process.off("exit", listener);
}
