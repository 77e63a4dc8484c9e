// A second Ctrl-C, or one while the task runs no command, ends dk before the task's `finally` blocks run (a first one
// while commands run stops them and lets those blocks run): the process's exit listeners run either way.
/** Runs `cleanup` (synchronous) when the process exits, until the returned function takes it back. */
export function atExit(cleanup: () => void): () => void {
  const listener = () => cleanup();
  process.once("exit", listener);
  return () => process.off("exit", listener);
}
