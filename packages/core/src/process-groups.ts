// Children run in their own process groups (so a timeout can kill a whole tree), which also means the
// terminal's Ctrl-C no longer reaches them: these handlers pass it on, and the exit handler cleans up.
const live = new Set<number>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
let installed = false;

/** Sends `signal` to the process group led by `pid`; false when it is already gone. */
export function killGroup(pid: number, signal: NodeJS.Signals = "SIGTERM"): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

function onSignal(signal: NodeJS.Signals): void {
  for (const pid of live) killGroup(pid, signal === "SIGHUP" ? "SIGHUP" : "SIGTERM");
  // With nobody else listening, behave as if we had not caught it: die of the same signal.
  if (process.listenerCount(signal) === 1) {
    uninstall();
    process.kill(process.pid, signal);
  }
}

function onExit(): void {
  for (const pid of live) killGroup(pid, "SIGTERM");
}

function uninstall(): void {
  for (const signal of SIGNALS) process.removeListener(signal, onSignal);
  process.removeListener("exit", onExit);
  installed = false;
}

/** Tracks a child's process group until `release` is called. */
export function trackGroup(pid: number): () => void {
  if (!installed) {
    for (const signal of SIGNALS) process.on(signal, onSignal);
    process.on("exit", onExit);
    installed = true;
  }
  live.add(pid);
  return () => {
    live.delete(pid);
    if (live.size === 0) uninstall();
  };
}
