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

// The machine's first PID namespace (its inode number is fixed in the kernel): every process is in sight from it.
const FIRST_PID_NAMESPACE = "pid:[4026531836]";

/**
 * The owner surely ended: in its PID namespace, its PID is free, a zombie's or a later process's. Another PID
 * namespace than this process's is judged only when its processes are in sight (it is nested in this one, or this one
 * is the machine's first); otherwise its owners count as alive.
 */
export function ownerGone(owner: Owner): boolean {
  const self = thisProcess();
  if (self === undefined) return false;
  if (owner.pidNamespace === self.pidNamespace) {
    return pidFree(owner.pid) || processStat(owner.pid)?.start !== owner.start;
  }
  // Seeing one process of that namespace means seeing them all.
  let inSight = self.pidNamespace === FIRST_PID_NAMESPACE;
  for (const entry of procEntries()) {
    let pidNamespace: string;
    try {
      pidNamespace = readlinkSync(`/proc/${entry}/ns/pid`);
    } catch {
      // Ended meanwhile, or a zombie.
      continue;
    }
    if (pidNamespace !== owner.pidNamespace) continue;
    inSight = true;
    const stat = processStat(Number(entry));
    if (stat?.start === owner.start && !pidFree(Number(entry)) && innermostPid(Number(entry)) === owner.pid) {
      return false;
    }
  }
  return inSight;
}

/** The PIDs of /proc (none off Linux). */
export function procEntries(): string[] {
  try {
    return readdirSync("/proc").filter((entry) => /^\d+$/.test(entry));
  } catch {
    return [];
  }
}

// What a process is called in its own PID namespace (the last of /proc/<pid>/status's NSpid).
function innermostPid(pid: number): number | undefined {
  try {
    const line = /^NSpid:(.*)$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return line === undefined ? undefined : Number(line.trim().split(/\s+/).at(-1));
  } catch {
    return undefined;
  }
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
