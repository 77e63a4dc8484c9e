import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { quote } from "../run/quote.ts";
import type { LoginKeys } from "./login-hint.ts";
import { configFileOf } from "./resolve/argv.ts";
import { parseHostEntryLoose } from "./resolve/jump.ts";
import { identityPath, resolveSsh } from "./resolve/resolve.ts";

export type Where = { readonly hostname: string; readonly port?: number | undefined };
// Where the host's key goes: the port and known-hosts file ssh used (`-p`, or `Port`/`UserKnownHostsFile` from the
// `-F` file or the user's config).
export type Target = LoginKeys & {
  readonly hostname: string;
  readonly port: number | undefined;
  readonly knownHosts: string | undefined;
  /** HostKeyAlias: the name the key goes under instead. */
  readonly alias?: string | undefined;
  /** The hosts ssh goes through to reach it. */
  readonly proxyJump?: string | undefined;
};

/** The command that drops the host's key from its known-hosts file. */
export function keygen(w: Target): string {
  const known =
    w.alias === undefined ? (w.port && w.port !== 22 ? `'[${w.hostname}]:${w.port}'` : w.hostname) : quote(w.alias);
  return `ssh-keygen ${w.knownHosts === undefined ? "" : `-f ${quote(w.knownHosts)} `}-R ${known}`;
}

/** The command that adds the host's key to its known-hosts file. */
export function keyscan(w: Target): string {
  const keys = `ssh-keyscan ${w.port && w.port !== 22 ? `-p ${w.port} ` : ""}${w.hostname}`;
  // ssh-keyscan names the host itself: the alias goes in its place.
  const scan =
    w.alias === undefined ? keys : `${keys} | sed ${quote(`s/^[^ ]*/${w.alias.replace(/[\\/&]/g, "\\$&")}/`)}`;
  return w.knownHosts === undefined
    ? `mkdir -p ~/.ssh && ${scan} >> ~/.ssh/known_hosts`
    : `${scan} >> ${quote(w.knownHosts)}`;
}

// The port and known-hosts file of `ssh <options> -- host`, as ssh resolves them; the defaults when that fails.
export function target(where: Where, options: readonly string[]): Target {
  const fallback = { hostname: where.hostname, port: where.port, knownHosts: undefined };
  try {
    const resolved = resolveSsh(where.hostname, options);
    const user = resolved.options.has("userknownhostsfile") ? resolved.userKnownHostsFiles[0] : undefined;
    // With no user file (`none`), ssh trusts only the global one.
    const file = user?.toLowerCase() === "none" ? resolved.globalKnownHostsFiles[0] : user;
    const home = `${homedir()}/.ssh/known_hosts`;
    return {
      hostname: resolved.hostname,
      port: where.port ?? resolved.port,
      knownHosts: file === home ? undefined : file,
      alias: resolved.hostKeyAlias,
      proxyJump: resolved.proxyJump,
      keys: resolved.identityFiles.map((key) => identityPath(resolved, key)),
      agent: resolved.identityAgent !== undefined && existsSync(resolved.identityAgent),
    };
  } catch {
    return fallback;
  }
}

// ssh names the host whose key it checked: the host itself, or a jump host on the way to it.
const CHECKED = [
  /^No \S+ host key is known for (\S+) and you have requested strict checking/,
  /^Host key for (\S+) has changed and you have requested strict checking/,
];

// The name a host's key is kept under in known_hosts: its HostKeyAlias, else the host, in brackets off port 22.
function keptAs(w: Target): string {
  if (w.alias !== undefined) return w.alias.toLowerCase();
  return w.port && w.port !== 22 ? `[${w.hostname}]:${w.port}` : w.hostname;
}

/**
 * The host whose key ssh's `tail` names, with where its key belongs: a jump host of `w`'s (ProxyJump, followed as
 * ssh does, with the `-F` file of `options`) when ssh names one, else `w` itself.
 */
export function keyHolder(w: Target, tail: readonly string[], options: readonly string[]): Target & { jump?: true } {
  const named = tail.map((line) => CHECKED.map((re) => re.exec(line)?.[1]).find(Boolean)).find(Boolean);
  const jumps = outward(w, configFileOf(options));
  if (named === undefined) {
    // Unnamed (a jump host is checked under its own ssh config's policy): each ssh on the way from it to the host
    // said that its way closed before the greeting, once.
    const failed = tail.findLastIndex((line) => /^Host key verification failed\.?$/.test(line));
    const depth = tail.slice(failed + 1).filter((line) => JUMP_CLOSED.test(line)).length;
    const jump = failed === -1 || depth === 0 ? undefined : jumps[depth - 1];
    return jump === undefined ? w : { ...jump, jump: true };
  }
  if (named === keptAs(w)) return w;
  const jump = jumps.find((hop) => keptAs(hop) === named);
  return jump === undefined ? w : { ...jump, jump: true };
}

// What ssh says once the ssh it runs for ProxyJump failed, before it saw the next host's greeting.
const JUMP_CLOSED = /^kex_exchange_identification: Connection closed by remote host$/;

// The jump hosts on the way to `w`, nearest first: its ProxyJump from last to first, then the first's own, and so on
// (ssh reaches `-J a,b` as b over `ssh -J a`); the `-F` file `file` for each.
function outward(w: Target, file: string | undefined): Target[] {
  const hops: Target[] = [];
  let jumps = w.proxyJump?.split(",") ?? [];
  while (jumps.length > 0 && hops.length < 16) {
    const entry = parseHostEntryLoose(jumps.at(-1)!);
    if (entry === undefined) break;
    const args = [...(file === undefined ? [] : ["-F", file]), ...(entry.user === undefined ? [] : ["-l", entry.user])];
    const hop = target({ hostname: entry.hostname, port: entry.port }, args);
    hops.push(hop);
    jumps = jumps.length > 1 ? jumps.slice(0, -1) : (hop.proxyJump?.split(",") ?? []);
  }
  return hops;
}
