import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { watchOurEnd } from "./death-watch.ts";

// The process groups of our children, kept for a small bash beside this process, which stops them if this process
// dies without doing so itself (SIGKILL, the OOM killer): TERM, then KILL 5 s later to what is left, as a remote
// command's watchdog does. The bash waits for the end of a pipe from us (our death, or our exit), then reads the list
// we keep: `+PGID` and `-PGID` lines in a file without a name, which we append to and it reads from its own
// descriptor. A line on the pipe itself would wake the bash at every spawn and every exit, and on a busy machine
// each wake-up cost this process's thread its turn on the CPU (140 ms of a 50-host run's 1.3 s in which it could do
// nothing else). bash 3.2 does (no associative arrays); a pid is listed once.
const SCRIPT = [
  "g=' '",
  "while read -r _; do :; done",
  'while read -r l; do case $l in +*) g="$g${l#+} " ;; -*) g=${g/ ${l#-} / } ;; esac; done <&3',
  "[ \"$g\" = ' ' ] && exit 0",
  "for p in $g; do kill -TERM -- -$p; done 2>/dev/null",
  "sleep 5",
  "for p in $g; do kill -KILL -- -$p; done 2>/dev/null",
].join("\n");

// Undefined until the first child; null once the keeper could not start or went: not tried again. Else the list's
// descriptor, which appends.
let list: number | null | undefined;
// The groups listed and not yet taken back: with none, the list starts again empty, so it does not grow for as long
// as this process runs.
const listed = new Set<number>();

// The list, opened twice (for us to append to, for the keeper to read from the start), then unnamed: nothing of it
// is left in the temp directory, however this process ends.
function openList(): [append: number, read: number] {
  const dir = mkdtempSync(join(tmpdir(), "dk-groups-"));
  try {
    const path = join(dir, "groups");
    const append = openSync(path, "a", 0o600);
    try {
      return [append, openSync(path, "r")];
    } catch (error) {
      closeSync(append);
      throw error;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function start(): void {
  list = null;
  let append: number;
  let read: number;
  try {
    [append, read] = openList();
  } catch {
    return;
  }
  list = append;
  try {
    if (watchOurEnd("bash", SCRIPT, () => stop(append), [read]) === null) stop(append);
  } catch {
    stop(append);
  } finally {
    closeSync(read);
  }
}

// The keeper could not start, or its pipe broke: the groups go unguarded, as without bash. Once, however often told.
function stop(fd: number): void {
  if (list !== fd) return;
  list = null;
  closeSync(fd);
}

function tell(sign: "+" | "-", pid: number): void {
  if (typeof list !== "number") return;
  if (sign === "+") listed.add(pid);
  else listed.delete(pid);
  try {
    if (listed.size === 0) ftruncateSync(list, 0);
    else writeSync(list, `${sign}${pid}\n`);
  } catch {
    stop(list);
  }
}

/**
 * Starts the keeper, once (never at import; without bash, groups go unguarded, as before), and returns how to have
 * the group led by `pid` stopped should this process die first: call it before the spawn, so that the keeper already
 * runs when the child does. What it returns for a group takes it back.
 */
export function orphanKeeper(): (pid: number) => () => void {
  if (list === undefined) start();
  return (pid) => {
    tell("+", pid);
    return () => tell("-", pid);
  };
}
