// Children run in their own process groups (so a timeout can kill a whole tree), which also means the
// terminal's Ctrl-C no longer reaches them: these handlers pass it on, and run clean-ups at exit.
const live = new Set<number>();
// Groups whose run is being stopped (stop.ts): a signal passed on to our children leaves them to that stop.
const stopping = new Set<number>();
const cleanups = new Set<() => void>();
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

function finish(signal: NodeJS.Signals = "SIGTERM"): void {
  for (const pid of live) killGroup(pid, signal);
  for (const cleanup of cleanups) cleanup();
  cleanups.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  // With nobody else listening, behave as if we had not caught it: clean up, then die of the same signal.
  if (process.listenerCount(signal) === 1) {
    finish(signal === "SIGHUP" ? "SIGHUP" : "SIGTERM");
    uninstall();
    process.kill(process.pid, signal);
  } else {
    // A turn later: a run stopped meanwhile (dk stops every command at Ctrl-C) is left to its stop, which first lets
    // the command's last output through (over ssh, a TERM now would end the client before the remote trap's lines).
    setImmediate(() => {
      for (const pid of live) if (!stopping.has(pid)) killGroup(pid, signal === "SIGHUP" ? "SIGHUP" : "SIGTERM");
    });
  }
}

const onExit = () => finish();

function install(): void {
  if (installed) return;
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on("exit", onExit);
  installed = true;
}

function uninstall(): void {
  for (const signal of SIGNALS) process.removeListener(signal, onSignal);
  process.removeListener("exit", onExit);
  installed = false;
}

function maybeUninstall(): void {
  if (live.size === 0 && cleanups.size === 0) uninstall();
}

const released: Array<() => void> = [];

/** Tracks a child's process group until the returned release function is called. */
export function trackGroup(pid: number): () => void {
  install();
  live.add(pid);
  return () => {
    stopping.delete(pid);
    if (!live.delete(pid)) return;
    maybeUninstall();
    for (const wake of released.splice(0)) wake();
  };
}

/** Marks the group led by `pid` as being stopped by its run: a signal passed on to our children leaves it be. */
export function stoppingGroup(pid: number): void {
  if (live.has(pid)) stopping.add(pid);
}

/** How many of our children's process groups are running. */
export function liveGroups(): number {
  return live.size;
}

/** Settles when the next tracked child is released (its descriptors are free again). */
export function nextRelease(): Promise<void> {
  return new Promise((resolve) => released.push(resolve));
}

/**
 * Runs `cleanup` (synchronous) once when the process exits or dies of a signal; returns a function that runs it now
 * instead.
 */
export function atExit(cleanup: () => void): () => void {
  install();
  cleanups.add(cleanup);
  return () => {
    if (cleanups.delete(cleanup)) cleanup();
    maybeUninstall();
  };
}
