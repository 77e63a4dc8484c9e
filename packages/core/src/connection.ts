import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import type { Socket } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { quote } from "./quote.ts";
import { sshOptionArgs, type SshTarget } from "./ssh-argv.ts";
import { hasOwnControlMaster, userSets } from "./ssh-config.ts";

// An idle master lingers this long: it only matters if the watchdog below is killed too.
const PERSIST_SECONDS = 60;
let dir: string | undefined;
const decided = new Map<string, Promise<string[]>>();
const opening = new Map<string, Opening>();
let sockets = 0;

// The private, per-process directory of control sockets; its masters are closed and it is removed when
// this process is gone, however it ends.
function controlDir(): string {
  if (dir === undefined) {
    // /tmp rather than a long TMPDIR: a socket path must fit in 108 bytes.
    const made = mkdtempSync(join(existsSync("/tmp") ? "/tmp" : ".", "dk-ssh-"));
    dir = made;
    watch(made);
  }
  return dir;
}

// A detached shell waits for its stdin, a pipe only this process holds, to close: that happens at exit, on
// a signal and on SIGKILL alike. It then closes every master in parallel and removes the directory.
function watch(made: string): void {
  const script = `read _; for s in ${quote(made)}/*; do [ -S "$s" ] && ssh -S "$s" -O exit dk >/dev/null 2>&1 & done; wait; rm -rf ${quote(made)}`;
  const watchdog = spawn("sh", ["-c", script], { detached: true, stdio: ["pipe", "ignore", "ignore"] });
  // Without sh there is nothing to watch with; the masters then time out on their own (ControlPersist).
  watchdog.on("error", () => {});
  watchdog.unref();
  // The pipe must not keep this process alive: it is meant to close with it.
  (watchdog.stdin as Socket | null)?.unref();
}

// A new socket path, named by us so that we can see when it appears; `decided` asks once per destination and settings.
function newSocket(): string {
  return join(controlDir(), String(sockets++));
}

// A host that vanishes mid-command fails within ~15 s, one that never answers within 10 s; unless the user chose.
const DEFAULTS: ReadonlyArray<readonly [string, string]> = [
  ["ConnectTimeout", "10"],
  ["ServerAliveInterval", "5"],
  ["ServerAliveCountMax", "3"],
];

function withDefaults(target: SshTarget): string[] {
  const defaults = DEFAULTS.filter(([name]) => !userSets(name, target.sshOptions)).flatMap(([name, value]) => ["-o", `${name}=${value}`]);
  return [...sshOptionArgs(target), ...defaults];
}

/** The ssh options for `target`: its own, keep-alive defaults, and connection sharing unless off or the user has their own. */
export async function connectionArgs(target: SshTarget & { readonly reuseConnection?: boolean }): Promise<string[]> {
  const args = withDefaults(target);
  // A verbose run shows a whole handshake, and a master forked from it would keep our stderr open.
  if (target.reuseConnection === false || target.verboseSsh || process.env.DEPLOYKIT_SSH_REUSE === "0") return args;
  const key = JSON.stringify([target.hostname, ...args]);
  let result = decided.get(key);
  if (result === undefined) {
    result = hasOwnControlMaster(target, args).then((own) =>
      own ? args : [...args, "-o", "ControlMaster=auto", "-o", `ControlPath=${newSocket()}`, "-o", `ControlPersist=${PERSIST_SECONDS}`],
    );
    decided.set(key, result);
  }
  return result;
}

type Opening = { readonly ended: Promise<void>; ready?: Promise<void> };

/**
 * Lets the first connection to a host become its master before others start, so that parallel runs on
 * one host share it instead of racing to create the socket. Returns a release to call when `run` ends.
 */
export async function awaitMaster(args: readonly string[]): Promise<() => void> {
  const path = args.find((a) => a.startsWith("ControlPath="))?.slice("ControlPath=".length);
  if (path === undefined || existsSync(path)) return () => {};
  const first = opening.get(path);
  if (first !== undefined) {
    // Watched only once a second run waits: a fleet of one command per host never polls.
    first.ready ??= readyOrEnded(path, first.ended);
    await first.ready;
    return () => {};
  }
  let done = () => {};
  const ended = new Promise<void>((resolve) => (done = resolve));
  opening.set(path, { ended });
  return () => {
    opening.delete(path);
    done();
  };
}

// Ready once the socket exists, or the first run ended (failed to connect, or finished very fast).
async function readyOrEnded(path: string, ended: Promise<void>): Promise<void> {
  let over = false;
  void ended.then(() => (over = true));
  for (let waited = 0; !over && !existsSync(path) && waited < 30_000; waited += 10) await sleep(10);
}
