import { existsSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { watchOurEnd } from "../run/death-watch.ts";
import { quote } from "../run/quote.ts";

let dir: string | undefined;
let watched = false;
let socketCount = 0;

/**
 * The private, per-process directory of control sockets; its masters are closed and it is removed when this process is
 * gone, however it ends. Made at a host's first use, before dk's ssh processes take descriptors: a watcher started
 * only with the first master could find none left (it is started again with the next socket if it could not start).
 */
export function controlDir(): string {
  // /tmp rather than a long TMPDIR: a socket path must fit in 108 bytes.
  dir ??= mkdtempSync(join(existsSync("/tmp") ? "/tmp" : ".", "dk-ssh-"));
  if (!watched) {
    watched = true;
    watch(dir, () => (watched = false));
  }
  return dir;
}

// A detached shell waits for its stdin, a pipe only this process holds, to close: that happens at exit, on
// a signal and on SIGKILL alike. It then closes every master in parallel, and again while an ssh of ours is still
// connecting (it may become a master after the first sweep: at most every 0.5 s for 15 s), then removes the directory.
function watch(made: string, onFailure: () => void): void {
  const sweep = 'for s in "$d"/*; do [ -S "$s" ] && ssh -S "$s" -O exit dk >/dev/null 2>&1 & done; wait';
  // The pattern is built at run time, so this shell's own command line does not match it.
  const connecting = 'pgrep -f -- "ControlPath=$d/" >/dev/null 2>&1';
  const loop = `i=0; while [ $i -lt 30 ] && ${connecting}; do sleep 0.5; ${sweep}; i=$((i + 1)); done`;
  const script = `d=${quote(made)}; read _; ${sweep}; ${loop}; ${sweep}; rm -rf "$d"`;
  // Without sh there is nothing to watch with; the masters then time out on their own (ControlPersist).
  watchOurEnd("sh", script, onFailure);
}

/** A new socket path in this process's control directory, named by us so that we can see when it appears. */
export function newSocket(): string {
  return join(controlDir(), String(socketCount++));
}
