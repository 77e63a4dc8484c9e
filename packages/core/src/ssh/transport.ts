import type { Hop } from "./native/connect.ts";
import { identities } from "./native/identities.ts";
import { whyOpenssh } from "./native/plan.ts";
import { parseHostEntryLoose } from "./native/jump.ts";
import { resolveSsh } from "./resolve/resolve.ts";
import { defaultTransport, tracer } from "../settings.ts";
import type { Opener } from "../run/child.ts";
import type { Transport } from "../types.ts";
import type { SshTarget } from "./argv.ts";
import { withDefaults, type CallSsh } from "./connection.ts";
import { nativeOpener } from "./native/open.ts";
import { closeConnection } from "./native/pool.ts";
import { loadSsh2 } from "./native/ssh2.ts";
import { connectEarly, dropEarly } from "./native/tcp.ts";

/** How a host's commands go: in-process (the connection chain, jump hosts first), or through `ssh`, and why. */
export type Choice =
  | { readonly transport: "native"; readonly chain: readonly Hop[] }
  | { readonly transport: "openssh"; readonly reason: string };

/** `transport: "native"` was asked for a host whose configuration native cannot honour exactly as ssh would. */
export class TransportError extends Error {
  override readonly name = "TransportError";
  constructor(
    readonly host: string,
    readonly reason: string,
  ) {
    super(
      `[${host}] the native ssh transport cannot connect as ssh would (${reason}); use transport "auto" or "openssh"` +
        " for this host (dk --transport, DEPLOYKIT_TRANSPORT)",
    );
  }
}

const choices = new Map<string, Promise<Choice>>();

/**
 * The transport for `hostname` reached with ssh options `argv` (what would be passed to ssh, minus connection sharing):
 * native when asked, or under `auto` when everything the configuration asks for is something native does as ssh does.
 * Decided once per host and options.
 */
export function chooseTransport(setting: Transport, hostname: string, argv: readonly string[]): Promise<Choice> {
  if (setting === "openssh") return Promise.resolve({ transport: "openssh", reason: "transport openssh" });
  const key = JSON.stringify([setting, hostname, argv]);
  let choice = choices.get(key);
  if (choice === undefined) {
    choice = decide(hostname, argv).then((c) => {
      tracer()?.(`${hostname}: transport ${c.transport}${c.transport === "openssh" ? ` (${c.reason})` : ""}`);
      if (setting === "native" && c.transport === "openssh") throw new TransportError(hostname, c.reason);
      return c;
    });
    choices.set(key, choice);
  }
  return choice;
}

/** A host the transport may reach natively: its own setting, or the process-wide one. */
export type Routable = SshTarget & {
  readonly transport?: Transport | undefined;
  readonly reuseConnection?: boolean | undefined;
};

/**
 * How `script` reaches `target` natively, or undefined when it goes through ssh (`openssh`, or `auto` chose it).
 * `args` are the ssh options it stands for: the same as ssh would get, less connection sharing.
 */
export async function nativeRoute(
  target: Routable,
  call: CallSsh,
  script: string,
): Promise<{ readonly args: string[]; readonly open: Opener } | undefined> {
  const setting = target.transport ?? defaultTransport();
  // A run that asks for ssh's own debug output (`verboseSsh`) asks for ssh, whatever the transport.
  if (setting === "openssh" || target.verboseSsh) {
    traceOnce(
      target.hostname,
      setting === "openssh" ? "transport openssh (asked for)" : "transport openssh (verboseSsh)",
    );
    return undefined;
  }
  const args = withDefaults(target, call);
  const choice = await chooseTransport(setting, target.hostname, args);
  if (choice.transport === "openssh") return undefined;
  // Without reuse (the host's setting, or DEPLOYKIT_SSH_REUSE=0) each command gets a connection of its own.
  const fresh =
    (call.freshConnection ?? false) || target.reuseConnection === false || process.env.DEPLOYKIT_SSH_REUSE === "0";
  return { args, open: nativeOpener(choice.chain, script, fresh) };
}

const traced = new Set<string>();

// One line per host and decision, however many commands it runs.
function traceOnce(hostname: string, message: string): void {
  const trace = tracer();
  if (trace === undefined || traced.has(`${hostname} ${message}`)) return;
  traced.add(`${hostname} ${message}`);
  trace(`${hostname}: ${message}`);
}

/** Closes `target`'s native connection if it has one open (its host reboots: the connection belongs to that boot). */
export async function closeNative(target: Routable): Promise<void> {
  const setting = target.transport ?? defaultTransport();
  if (setting === "openssh") return;
  const args = withDefaults(target, {});
  const choice = await choices.get(JSON.stringify([setting, target.hostname, args]))?.catch(() => undefined);
  if (choice?.transport === "native") await closeConnection(choice.chain);
}

async function decide(hostname: string, argv: readonly string[]): Promise<Choice> {
  const chain: Hop[] = [];
  const configFile = argv.includes("-F") ? argv[argv.indexOf("-F") + 1] : undefined;
  // The host, then each jump host before it, as `ssh -J` does: a jump is reached with the jumps before it, and only
  // with `-F` of the original options.
  for (let host = hostname, args = argv, depth = 0; ; depth++) {
    if (depth > 8) return { transport: "openssh", reason: "ProxyJump chain longer than 8" };
    const resolved = resolveSsh(host, args);
    const why = whyOpenssh(resolved);
    if (why !== undefined) return { transport: "openssh", reason: depth === 0 ? why : `${why} (jump host ${host})` };
    // A direct host is being connected to while ssh2 loads and its keys are read.
    const direct = depth === 0 && resolved.proxyJump === undefined;
    if (direct) connectEarly(resolved);
    const module = loadSsh2();
    const ids = identities(resolved, module.parseKey);
    if ("openssh" in ids) {
      if (direct) dropEarly(resolved);
      return { transport: "openssh", reason: ids.openssh };
    }
    chain.unshift({ resolved, identities: ids, ssh2: module, notes: [] });
    if (resolved.proxyJump === undefined) return { transport: "native", chain };
    const jumps = resolved.proxyJump.split(",");
    const last = parseHostEntryLoose(jumps.at(-1)!);
    if (last === undefined) return { transport: "openssh", reason: `ProxyJump ${resolved.proxyJump}` };
    host = last.hostname;
    args = [
      ...(configFile === undefined ? [] : ["-F", configFile]),
      ...(jumps.length > 1 ? ["-J", jumps.slice(0, -1).join(",")] : []),
      ...(last.user === undefined ? [] : ["-l", last.user]),
      ...(last.port === undefined ? [] : ["-p", String(last.port)]),
    ];
  }
}
