// Checks that this process may open enough files for a fleet before any sshd starts.
import { readFileSync } from "node:fs";

// Files open besides the fleet's connections: stdio, sshd pipes, Node's own (event loop, workers).
const SPARE = 64;

/** This process cannot open enough files for the fleet it was asked for. */
export class FdLimitError extends Error {
  override readonly name = "FdLimitError";
  constructor(
    readonly hosts: number,
    readonly needed: number,
    readonly limit: number,
  ) {
    super(
      `a fleet of ${hosts} hosts needs ${needed} open files (a connection to every host, in this process while ` +
        `it waits for the ports and in a client that reaches them all); the limit here is ${limit}: ` +
        `raise it (ulimit -n ${needed}; as root above the hard limit) or ask for fewer hosts`,
    );
  }
}

/** The soft limit on open files (Node starts with it raised to the hard limit), or undefined off Linux. */
export function openFileLimit(): number | undefined {
  try {
    const line = /^Max open files\s+(\S+)/m.exec(readFileSync("/proc/self/limits", "utf8"));
    return line === null || line[1] === "unlimited" ? undefined : Number(line[1]);
  } catch {
    return undefined;
  }
}

/** Throws FdLimitError when a fleet of `hosts` would run out of file descriptors. */
export function assertFdLimit(hosts: number, limit = openFileLimit()): void {
  const needed = hosts + SPARE;
  if (limit !== undefined && limit < needed) throw new FdLimitError(hosts, needed, limit);
}
