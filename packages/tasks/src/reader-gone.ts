// dk's stdout and stderr, watched once per process for a reader that went away (`dk … | head`, `2>&1 | head`).
/** The exit code when the reader of dk's output went away (`dk … | head`): what SIGPIPE would have made, 128 + 13. */
export const READER_GONE = 141;

const watchers = new Set<() => void>();
let installed = false;

/**
 * Calls `gone` when a write to stdout or stderr finds no reader left (EPIPE), until the returned function is called.
 * From the first call on, EPIPE on them is never an uncaught error: there is no one left to tell. Other errors are.
 */
export function onReaderGone(gone: () => void): () => void {
  if (!installed) {
    installed = true;
    for (const stream of [process.stdout, process.stderr]) {
      stream.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code !== "EPIPE") throw error;
        for (const watcher of watchers) watcher();
      });
    }
  }
  watchers.add(gone);
  return () => void watchers.delete(gone);
}
