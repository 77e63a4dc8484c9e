/** Where a host is: announced but not started, running a command, or finished (its last command's outcome). */
export type Phase = "waiting" | "running" | "ok" | "failed" | "stopped";

/** What the status view knows about one host. */
export type HostStatus = {
  readonly tag: string;
  phase: Phase;
  /** The command running now, or the last one. */
  command: string;
  /** The latest output line or notice, shown while running. */
  last: string;
  /** performance.now() of the host's first command, and of its last end. */
  startedAt: number | undefined;
  endedAt: number | undefined;
  exitCode: number | undefined;
  error: string | undefined;
  /** The last stderr lines and notices, kept for a host that fails. */
  readonly tail: string[];
  running: number;
  /** Its parts of group calls under way: its function runs, between commands too. */
  parts: number;
};

/** A host seen for the first time: waiting, nothing run yet. */
export function newHost(tag: string): HostStatus {
  return {
    tag,
    phase: "waiting",
    command: "",
    last: "",
    startedAt: undefined,
    endedAt: undefined,
    exitCode: undefined,
    error: undefined,
    tail: [],
    running: 0,
    parts: 0,
  };
}

/** How many hosts are in each phase. */
export function countPhases(hosts: Iterable<HostStatus>): Record<Phase, number> {
  const counts: Record<Phase, number> = { waiting: 0, running: 0, ok: 0, failed: 0, stopped: 0 };
  for (const host of hosts) counts[host.phase]++;
  return counts;
}
