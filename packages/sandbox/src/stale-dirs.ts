// Marks a sandbox's directory with the process that owns it, and removes those left by owners that died (SIGKILL:
// no clean-up ran). Everything in a shared directory is taken as hostile: only a directory of this user, private,
// marked by a sandbox, whose owner is surely gone, is removed, and no symlink is followed.
import { lstatSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readOwnFile } from "./own-file.ts";

const MARKER = "owner";
const HEADER = "dk-sandbox owner 1";
// Far more than a marker holds: anything bigger is no marker.
const MAX_MARKER = 256;

/** A process, told apart from a later one with the same PID by its start time, in its PID namespace. */
export type Owner = { readonly pid: number; readonly start: string; readonly pidNamespace: string };

/** The state, parent and start time (ticks since boot) of a process, from /proc/<pid>/stat; undefined if none. */
export function processStat(pid: number): { state: string; parent: number; start: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The name (field 2) may hold spaces and parentheses: the fields after it start past the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0]!, parent: Number(fields[1]), start: fields[19]! };
  } catch {
    return undefined;
  }
}

/** No process runs with this PID in this PID namespace (none has it, or a zombie). */
export function pidFree(pid: number): boolean {
  const state = processStat(pid)?.state;
  return state === undefined || state === "Z" || state === "X";
}

/** This process as an owner (off Linux, without /proc, none). */
export function thisProcess(): Owner | undefined {
  const stat = processStat(process.pid);
  try {
    return stat && { pid: process.pid, start: stat.start, pidNamespace: readlinkSync("/proc/self/ns/pid") };
  } catch {
    return undefined;
  }
}

/** Writes the marker naming this process as the owner of `dir` (off Linux, without /proc, none). */
export function markOwner(dir: string): void {
  const owner = thisProcess();
  if (owner === undefined) return;
  const line = `${owner.pid} ${owner.start} ${owner.pidNamespace}`;
  writeFileSync(join(dir, MARKER), `${HEADER}\n${line}\n`, { flag: "wx", mode: 0o600 });
}

// The owner `dir`'s marker names, when it is a small regular file of this user (never through a symlink).
function readOwner(dir: string): Owner | undefined {
  const text = readOwnFile(join(dir, MARKER), MAX_MARKER)?.text;
  const match = text === undefined ? null : new RegExp(`^${HEADER}\\n(\\d+) (\\d+) (pid:\\[\\d+\\])\\n$`).exec(text);
  return match === null ? undefined : { pid: Number(match[1]), start: match[2]!, pidNamespace: match[3]! };
}

/** The owner surely ended: in this PID namespace, its PID is free, a zombie's, or a later process's. */
export function ownerGone(owner: Owner): boolean {
  const self = thisProcess();
  // Another PID namespace's PIDs mean nothing here: such a directory is left alone.
  if (self === undefined || owner.pidNamespace !== self.pidNamespace) return false;
  return pidFree(owner.pid) || processStat(owner.pid)?.start !== owner.start;
}

/**
 * Removes the directories `<parent>/<prefix>XXXXXX` (as mkdtemp names them) that are this user's, private, marked by a
 * sandbox, and whose owner is gone; `before` gets each one first, to undo what else its owner left. Returns them.
 */
export function removeStaleDirs(
  prefix: string,
  before: (dir: string, owner: Owner) => void = () => {},
  parent = tmpdir(),
): string[] {
  const uid = process.getuid?.();
  if (uid === undefined) return [];
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return [];
  }
  const name = new RegExp(`^${prefix.replace(/[^\w-]/g, "\\$&")}[A-Za-z0-9]{6}$`);
  const removed: string[] = [];
  for (const entry of names.filter((n) => name.test(n))) {
    const dir = join(parent, entry);
    try {
      const stat = lstatSync(dir);
      if (!stat.isDirectory() || stat.uid !== uid || (stat.mode & 0o077) !== 0) continue;
      const owner = readOwner(dir);
      if (owner === undefined || !ownerGone(owner)) continue;
      before(dir, owner);
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // Gone meanwhile (another sandbox starting cleans up too), or not ours to remove: left as it is.
      continue;
    }
  }
  return removed;
}
