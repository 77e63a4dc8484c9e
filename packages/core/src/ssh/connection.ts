import { existsSync } from "node:fs";
import { execute } from "../run/execute.ts";
import { sshOptionArgs, type SshTarget } from "./argv.ts";
import { hasOwnControlMaster, sessionOptions, userSets, userSetsHostKeyCheck } from "./config.ts";
import { controlDir, newSocket } from "./control-dir.ts";
import { sshFlags } from "./resolve/argv.ts";

// An idle master lingers this long: it only matters if the watchdog (control-dir.ts) is killed too.
const PERSIST_SECONDS = 60;
// Per destination and settings: whether the user has a master of their own, core's socket path once it has one,
// and whether its connection was used (the first use is not shared).
const owned = new Map<string, Promise<boolean>>();
const sockets = new Map<string, string>();
const used = new Set<string>();

// A host that vanishes mid-command fails within ~15 s, one that never answers within 10 s; unless the user chose.
const DEFAULTS: ReadonlyArray<readonly [string, string]> = [
  ["ConnectTimeout", "10"],
  ["ServerAliveInterval", "5"],
  ["ServerAliveCountMax", "3"],
];

// Before the host's own options, so that they win over a ControlMaster the user configured too.
const FRESH = ["-o", "ControlMaster=no", "-o", "ControlPath=none"];

/** A run's own ssh settings (`RemoteRunOptions`); each yields to the host's `sshOptions` and beats ssh config files. */
export type CallSsh = {
  readonly freshConnection?: boolean;
  readonly connectTimeout?: number;
  readonly batchMode?: boolean;
  /** ssh's messages at its default level under hostKeyCheck "none" too: the run drops `ADDED_NOTICE` from stderr. */
  readonly notices?: boolean;
};

/** The ssh options for `target` and this run, keep-alive defaults included, without connection sharing. */
export function withDefaults(target: SshTarget, call: CallSsh): string[] {
  const own = [
    ...(call.connectTimeout === undefined ? [] : ["-o", `ConnectTimeout=${call.connectTimeout}`]),
    ...(call.batchMode ? ["-o", "BatchMode=yes"] : []),
  ];
  const chosen = (name: string) =>
    userSets(name, target.sshOptions) || (name === "ConnectTimeout" && call.connectTimeout !== undefined);
  const defaults = DEFAULTS.filter(([name]) => !chosen(name)).flatMap(([name, value]) => ["-o", `${name}=${value}`]);
  // The "strict" default, too, gives way to the user's own StrictHostKeyChecking; a hostKeyCheck given never does.
  const hostKeys = !(target.hostKeyCheckDefaulted === true && userSetsHostKeyCheck(target));
  const notices = call.notices === true;
  return [...sshOptionArgs(target, { hostKeys, notices }), ...sessionOptions(target), ...own, ...defaults];
}

/** A host whose connection may be shared (unless `reuseConnection` is false). */
export type Sharable = SshTarget & { readonly reuseConnection?: boolean };

/**
 * The ssh options for `target`: its own, keep-alive defaults, and connection sharing unless off, the user has their
 * own, or `call` asks for a fresh connection.
 */
export async function connectionArgs(target: Sharable, call: CallSsh = {}): Promise<string[]> {
  const args = withDefaults(target, call);
  if (call.freshConnection) return [...FRESH, ...args];
  if (!shares(target)) return args;
  const base = withDefaults(target, {});
  return [...args, ...(await sharing(target, JSON.stringify([target.hostname, ...base]), base))];
}

// Connection sharing for `target`: none when the user has their own master (asked once per destination and settings).
// The first use of a host's connection goes over one of its own: a host that gets one command never pays for forking
// a master into the background, nor for closing it. The second use makes the master, and every later one shares it.
// The first use makes the control directory and its watcher (one per process), while descriptors are surely free.
async function sharing(target: Sharable, key: string, base: readonly string[]): Promise<string[]> {
  if (await ownMaster(target, key, base)) return [];
  let path = sockets.get(key);
  if (path === undefined) {
    if (!used.has(key)) return (used.add(key), controlDir(), []);
    sockets.set(key, (path = newSocket()));
  }
  return ["-o", "ControlMaster=auto", "-o", `ControlPath=${path}`, "-o", `ControlPersist=${PERSIST_SECONDS}`];
}

function ownMaster(target: Sharable, key: string, base: readonly string[]): Promise<boolean> {
  let own = owned.get(key);
  if (own === undefined) owned.set(key, (own = hasOwnControlMaster(target, base)));
  return own;
}

// Whether core shares `target`'s connections at all; a verbose run shows a whole handshake, and a master forked from
// it would keep our stderr open (ssh's -v without -E or -y does too, as no LogLevel does).
function shares(target: Sharable): boolean {
  const off = target.reuseConnection === false || process.env.DEPLOYKIT_SSH_REUSE === "0";
  return !(off || target.verboseSsh || logsToStderr(target.sshOptions));
}

function logsToStderr(options: readonly string[]): boolean {
  const flags = [...sshFlags(options)].map(({ flag }) => flag);
  return flags.includes("v") && !flags.includes("E") && !flags.includes("y");
}

/**
 * Closes the connection shared with `target` (core's master, or one the user's ssh config set up, whose other sessions
 * run on), if one is open; the next run opens a new one. Never throws: a master that cannot be reached is as good as
 * closed.
 */
export async function closeMaster(target: Sharable, tag: string): Promise<void> {
  const base = withDefaults(target, {});
  const key = JSON.stringify([target.hostname, ...base]);
  const path = sockets.get(key);
  // Core's master was never made, or its socket is gone: nothing to close, and no need to ask ssh.
  if (path === undefined ? shares(target) && !(await ownMaster(target, key, base)) : !existsSync(path)) return;
  const args = path === undefined ? base : [...base, "-o", `ControlPath=${path}`];
  // `ssh -O` only talks to a local socket (without a master it exits at once). The user's own master may carry their
  // other sessions (an interactive ssh): it only stops taking new ones and removes its socket; core's own ends.
  const request = path === undefined ? "stop" : "exit";
  const inv = {
    file: "ssh",
    args: [...args, "-O", request, "--", target.hostname],
    display: `ssh -O ${request}`,
    tag,
    host: tag,
  };
  await execute(inv, { quiet: true, check: false, stdout: "pipe", stderr: "pipe", timeout: 5000, dryRun: false }).catch(
    () => {},
  );
}

/** The control socket of ours that ssh will use; `ControlPath=none` (a fresh connection, read first) means none. */
export function controlPath(args: readonly string[]): string | undefined {
  const path = args.find((a) => a.startsWith("ControlPath="))?.slice("ControlPath=".length);
  return path === "none" ? undefined : path;
}
