// Reasons already traced in this process, which is one dk run: the user's manifest, the built-ins' and the compiled
// module each meet the same cache dir, and each compile the same temporary dir.
const traced = new Set<string>();

/** Traces `message` the first time `reason` comes up in this run (with a trace to say it); never again after. */
export function traceOnce(trace: ((message: string) => void) | undefined, reason: string, message: string): void {
  if (trace === undefined || traced.has(reason)) return;
  traced.add(reason);
  trace(message);
}
