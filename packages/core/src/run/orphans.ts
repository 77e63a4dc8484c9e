import type { Writable } from "node:stream";
import { watchOurEnd } from "./death-watch.ts";

// The process groups of our children, kept by a small bash beside this process, which stops them if this process
// dies without doing so itself (SIGKILL, the OOM killer): TERM, then KILL 5 s later to what is left, as a remote
// command's watchdog does. It reads `+PGID` and `-PGID` lines on a pipe from us; the pipe's end is our death, or our
// exit with nothing left to stop. bash 3.2 does (no associative arrays); a pid is listed once.
const SCRIPT = [
  "g=' '",
  'while read -r l; do case $l in +*) g="$g${l#+} " ;; -*) g=${g/ ${l#-} / } ;; esac; done',
  "[ \"$g\" = ' ' ] && exit 0",
  "for p in $g; do kill -TERM -- -$p; done 2>/dev/null",
  "sleep 5",
  "for p in $g; do kill -KILL -- -$p; done 2>/dev/null",
].join("\n");

let keeper: Writable | null | undefined;
let failed = false;

function tell(line: string): void {
  if (!failed) keeper?.write(`${line}\n`);
}

/**
 * Starts the keeper, once (never at import; without bash, groups go unguarded, as before), and returns how to have
 * the group led by `pid` stopped should this process die first: call it before the spawn, so that the keeper already
 * runs when the child does. What it returns for a group takes it back.
 */
export function orphanKeeper(): (pid: number) => () => void {
  if (keeper === undefined && !failed) keeper = watchOurEnd("bash", SCRIPT, () => (failed = true));
  return (pid) => {
    tell(`+${pid}`);
    return () => tell(`-${pid}`);
  };
}
