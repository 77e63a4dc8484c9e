import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Writable } from "node:stream";
import { watchOurEnd } from "./death-watch.ts";
import { atExit } from "./process-groups.ts";
import { quote } from "./quote.ts";

// The process groups of our children, kept for a small bash beside this process, which stops them if this process
// dies without doing so itself (SIGKILL, the OOM killer): TERM, then KILL 5 s later to what is left, as a remote
// command's watchdog does. The bash waits for the end of a pipe from us (our death, or our exit). As we run, we
// append `+PGID` and `-PGID` lines to a file in a private directory, which the bash reads once the pipe ends: a line
// on the pipe itself would wake the bash at every spawn and every exit, and on a busy machine each wake-up cost this
// process its turn on the CPU (140 ms of a 50-host run's 1.3 s). An exit we see ourselves sends what is still listed
// on the pipe and removes the directory at once. bash 3.2 does (no associative arrays); a pid is listed once.
const script = (dir: string) =>
  [
    `d=${quote(dir)}; g=' '`,
    't() { case $1 in +*) g="$g${1#+} " ;; -*) g=${g/ ${1#-} / } ;; esac; }',
    'while read -r l; do t "$l"; done',
    'if [ -f "$d/groups" ]; then while read -r l; do t "$l"; done <"$d/groups"; fi',
    'rm -rf -- "$d"',
    "[ \"$g\" = ' ' ] && exit 0",
    "for p in $g; do kill -TERM -- -$p; done 2>/dev/null",
    "sleep 5",
    "for p in $g; do kill -KILL -- -$p; done 2>/dev/null",
  ].join("\n");

type Keeper = { readonly dir: string; readonly fd: number; pipe?: Writable };
// Undefined until the first child; null once it could not start or went: not tried again.
let keeper: Keeper | null | undefined;
// The groups listed and not yet taken back: with none, the file starts again empty, so it does not grow for as long
// as this process runs.
const listed = new Set<number>();

function start(): void {
  keeper = null;
  let dir: string;
  let fd: number;
  try {
    dir = mkdtempSync(join(tmpdir(), "dk-groups-"));
  } catch {
    return;
  }
  try {
    fd = openSync(join(dir, "groups"), "a", 0o600);
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  const made: Keeper = { dir, fd };
  keeper = made;
  try {
    made.pipe = watchOurEnd("bash", script(dir), () => stop(made)) ?? undefined;
  } catch {
    made.pipe = undefined;
  }
  if (made.pipe === undefined) return stop(made);
  atExit(() => {
    if (keeper !== made) return;
    if (listed.size > 0) made.pipe?.write([...listed].map((pid) => `+${pid}\n`).join(""));
    rmSync(dir, { recursive: true, force: true });
  });
}

// The keeper could not start, or its pipe broke: the groups go unguarded, as without bash. Once, however often told.
function stop(made: Keeper): void {
  if (keeper !== made) return;
  keeper = null;
  closeSync(made.fd);
  rmSync(made.dir, { recursive: true, force: true });
}

function tell(sign: "+" | "-", pid: number): void {
  if (!keeper) return;
  if (sign === "+") listed.add(pid);
  else listed.delete(pid);
  try {
    if (listed.size === 0) ftruncateSync(keeper.fd, 0);
    else writeSync(keeper.fd, `${sign}${pid}\n`);
  } catch {
    stop(keeper);
  }
}

/**
 * Starts the keeper, once (never at import; without bash, groups go unguarded, as before), and returns how to have
 * the group led by `pid` stopped should this process die first: call it before the spawn, so that the keeper already
 * runs when the child does. What it returns for a group takes it back.
 */
export function orphanKeeper(): (pid: number) => () => void {
  if (keeper === undefined) start();
  return (pid) => {
    tell("+", pid);
    return () => tell("-", pid);
  };
}
