// One process "exit" listener for every sandbox of the process, however many run: each adds its clean-up here.
const cleanups = new Set<() => void>();

function runCleanups(): void {
  for (const cleanup of cleanups) {
    // One failing clean-up must not keep the others from running.
    try {
      cleanup();
    } catch {
      continue;
    }
  }
  cleanups.clear();
}

/**
 * Runs `cleanup` when the process exits (it must not wait: nothing asynchronous runs then); the returned function
 * takes it back. The listener is on the process only while some clean-up is registered.
 */
export function onExit(cleanup: () => void): () => void {
  if (cleanups.size === 0) process.on("exit", runCleanups);
  cleanups.add(cleanup);
  return () => {
    if (cleanups.delete(cleanup) && cleanups.size === 0) process.removeListener("exit", runCleanups);
  };
}
