import { readdirSync, truncateSync, writeFileSync } from "node:fs";
import { waitUntil } from "@deploykit/sandbox";
import { childrenOf } from "./processes.ts";

/** A sparse file: costs no disk, while rsync reads and sends every byte of it, far longer than a test. */
export function bigFile(path: string): string {
  writeFileSync(path, "");
  truncateSync(path, 64 * 1024 ** 3);
  return path;
}

/**
 * Whether rsync's temporary file is in `dir` (for `file`, by default any): the copy runs. Its size says nothing: the
 * holes of a sparse source (`bigFile`) are not written, so it stays empty until the end.
 */
export function copying(dir: string, file = ""): () => boolean {
  return () => readdirSync(dir).some((name) => name.startsWith(`.${file}`));
}

/**
 * Once rsync's temporary file is in `dir` (the copy runs), stops the sshd processes serving a fleet's connections
 * (children of its listeners `listenerPids`, by PID) and returns them.
 */
export async function hangWhenCopying(dir: string, listenerPids: readonly number[]): Promise<number[]> {
  await waitUntil(copying(dir), "rsync to copy", 20_000);
  const sessions = childrenOf(listenerPids);
  if (sessions.length === 0) throw new Error("no sshd session serves the copy: nothing to stop");
  for (const pid of sessions) process.kill(pid, "SIGSTOP");
  return sessions;
}

/** Ends the sessions hangWhenCopying stopped (by PID; one may have ended already). */
export function killSessions(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {}
  }
}
