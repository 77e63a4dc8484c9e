// A bash beside the sandbox's process that ends what the sandbox runs and removes its directory once that process
// died without doing so (SIGINT or SIGTERM with no listener, SIGKILL): no signal listener is added here, so a process
// that dies of a signal still dies of it. Its stdin is a pipe only the owner holds: the pipe's end is the owner's end.
import { spawn } from "node:child_process";
import type { Socket } from "node:net";
import { delimiter } from "node:path";
import { MARK } from "./marked.ts";
import { findTool } from "./tools.ts";

// Waits for stdin's end; then, if the directory $1 is still there: holds still the sshd that serve its config (their
// pid files, each only while its command line names that config), kills (SIGSTOP, found again until no new one, then
// SIGKILL) every process whose environment marks it as a session of the sandbox, ends the sshd, removes the directory.
// Without forks, so that a busy machine's /proc is read fast: builtins only, but `rm`.
const SCRIPT = [
  "d=$1",
  "while read -r _; do :; done",
  '[ -d "$d" ] && [ ! -L "$d" ] || exit 0',
  'words() { w=; while IFS= read -r -d \'\' e || [ -n "$e" ]; do w+=" $e"; done; }',
  "l=",
  'for f in "$d"/sshd.*.pid; do',
  '  read -r p 2>/dev/null <"$f" || continue',
  '  case $p in "" | *[!0-9]*) continue ;; esac',
  '  words 2>/dev/null <"/proc/$p/cmdline" || continue',
  '  [[ $w == *" -f $d/sshd_config."* ]] && kill -STOP "$p" && l+=" $p"',
  "done",
  "found=' '",
  "for ((s = 0; s < 20; s++)); do",
  "  n=0",
  "  for p in /proc/[0-9]*; do",
  "    p=${p#/proc/}",
  '    [ "$p" = $$ ] || [[ $found == *" $p "* ]] && continue',
  "    while IFS= read -r -d '' e; do",
  `      [ "$e" = "${MARK}=$d" ] && kill -STOP "$p" && found+="$p " && n=1 && break`,
  '    done 2>/dev/null <"/proc/$p/environ"',
  "  done",
  "  [ $n = 0 ] && break",
  "done",
  'for p in $found; do kill -KILL "$p"; done 2>/dev/null',
  'for p in $l; do kill -TERM "$p"; kill -CONT "$p"; done 2>/dev/null',
  'rm -rf -- "$d"',
].join("\n");

/**
 * Starts the watcher of the sandbox in `dir`; the returned function lets it go (call it once the directory is gone).
 * Without bash, nothing watches: what the process leaves then goes at the next sandbox's start, as before.
 */
export function watchOwner(dir: string): () => void {
  // The system's directories after PATH: a PATH without bash (a test's) must not leave the sandbox unwatched.
  const path = [process.env.PATH, "/usr/bin", "/bin"].filter(Boolean).join(delimiter);
  const bash = findTool("bash", path);
  if (bash === undefined) return () => {};
  // Without TMOUT (a hardened login exports it): `read` would end after that many seconds.
  const env = { ...process.env, TMOUT: undefined, PATH: path };
  // Detached: a Ctrl-C at the terminal reaches the process's group, which the watcher must outlive.
  const watcher = spawn(bash, ["-c", SCRIPT, "dk-sandbox-watch", dir], {
    detached: true,
    stdio: ["pipe", "ignore", "ignore"],
    env,
  });
  // A watcher that cannot start or whose pipe broke watches nothing: the next start still cleans up.
  watcher.on("error", () => {});
  watcher.stdin?.on("error", () => {});
  watcher.unref();
  (watcher.stdin as Socket | null)?.unref();
  return () => watcher.stdin?.end();
}
