import type { Host } from "./host.ts";
import type { HostOptions, ParseHostsOptions, RemoteDefaults } from "./types.ts";
import { parseHostEntry } from "./host-entry.ts";
import { assertRunOptions } from "./run-options.ts";
import { nameKey } from "./same-host.ts";
import { SSH_SWITCH_FLAGS, SSH_VALUE_FLAGS } from "./ssh/resolve/argv.ts";
import { assertKnownOptions, assertPort, assertSwitches, assertTransport, assertUser, fail } from "./validate.ts";

/** The fields of a Host that are no options: in options only when a Host was spread into them. */
export type Copied = {
  readonly hostname: string;
  readonly hostKeyCheckDefaulted: boolean;
  readonly defaults: RemoteDefaults;
};

/** `user@hostname:port` with the parts given, as a tag shows them (an IPv6 address in brackets before a port). */
export function endpointTag(user: string | undefined, hostname: string, port: number | undefined): string {
  const name = port !== undefined && hostname.includes(":") ? `[${hostname}]` : hostname;
  return `${user === undefined ? "" : `${user}@`}${name}${port === undefined ? "" : `:${port}`}`;
}

/**
 * The tag of a host named `hostname` made from `options`: a copy's (`{ ...host }`) whose tag named its source (its
 * name, with the user or port that told it from a twin) names the copy in the same form, not the source it left;
 * else the tag given, or the hostname.
 */
export function tagOf(hostname: string, options: HostOptions<unknown> & Partial<Copied>): string {
  const { commandPrefix: tag, hostname: source } = options;
  if (tag === undefined) return hostname;
  if (typeof source !== "string") return tag;
  let named: ReturnType<typeof parseHostEntry>;
  try {
    named = parseHostEntry(tag);
  } catch {
    return tag;
  }
  if (nameKey(named.hostname) !== nameKey(source)) return tag;
  const user = named.user === undefined ? undefined : options.user;
  return endpointTag(user, hostname, named.port === undefined ? undefined : options.port);
}

const HOST_KEY_CHECKS: readonly unknown[] = ["strict", "tofu", "none"];
// The tag starts every output line: a control character (a newline, an escape) would break or forge lines.
const CONTROL = /\p{Cc}/u;

/**
 * Checks a host's options before it exists (for `parseHosts`, the options it gives every host): an unknown name or a
 * value of the wrong kind is a TypeError naming it, never silently a default.
 */
export function assertHostOptions(
  options: HostOptions<unknown> | ParseHostsOptions,
  call: "new Host()" | "parseHosts()",
) {
  if (typeof options !== "object" || options === null) fail(`${call} options`, "an object", options);
  const {
    hostname: _copied,
    hostKeyCheckDefaulted,
    defaults,
    ...rest
  } = options as HostOptions<unknown> & Partial<Copied>;
  // A spread Host's own fields: `new Host(h.hostname, { ...h, meta })` copies a host, its `with()` defaults included.
  assertKnownOptions(call === "new Host()" ? rest : options, call);
  if (hostKeyCheckDefaulted !== undefined && typeof hostKeyCheckDefaulted !== "boolean")
    fail("hostKeyCheckDefaulted", "a boolean", hostKeyCheckDefaulted);
  if (defaults !== undefined) assertRunOptions(defaults, "host.with()");
  const given = options as HostOptions<unknown>;
  if (given.user !== undefined) assertUser(given.user);
  if (given.port !== undefined) assertPort(given.port);
  if (given.hostKeyCheck !== undefined && !HOST_KEY_CHECKS.includes(given.hostKeyCheck))
    fail("hostKeyCheck", '"strict", "tofu" or "none"', given.hostKeyCheck, hostKeyHint(given.hostKeyCheck));
  if (given.transport !== undefined) assertTransport(given.transport);
  if (given.key !== undefined && (typeof given.key !== "string" || given.key === "" || given.key.includes("\0")))
    fail("key", "the path of a private key file", given.key);
  const prefix = given.commandPrefix;
  if (prefix !== undefined && (typeof prefix !== "string" || prefix.trim() === "" || CONTROL.test(prefix)))
    fail("commandPrefix", "a non-empty tag without control characters", prefix);
  const ssh = given.sshOptions;
  const expected = 'an array of ssh arguments, e.g. ["-o", "ConnectTimeout=5"]';
  if (ssh !== undefined && !(Array.isArray(ssh) && ssh.every((a) => typeof a === "string" && !a.includes("\0"))))
    fail("sshOptions", expected, ssh);
  const fault = ssh === undefined ? undefined : sshOptionsFault(ssh);
  if (fault !== undefined) fail("sshOptions", expected, ssh, `: ${fault}`);
  assertSwitches(given, ["forwardAgent", "verboseSsh", "reuseConnection"]);
}

// What ssh would make of `args`, put before the host's own options and its name, if not options: a word it takes for
// the host to reach, a flag it refuses (with its usage and exit 255), or a flag that takes the next argument of ours.
function sshOptionsFault(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "-" || arg === "--" || !arg.startsWith("-")) {
      const option = /^[A-Za-z]+[= ]/.test(arg) ? `; an option is written "-o", "${arg}"` : "";
      return `\`${arg}\` is no ssh option, and ssh would take it for the host to reach${option}`;
    }
    for (let j = 1; j < arg.length; j++) {
      const flag = arg[j]!;
      if (SSH_VALUE_FLAGS.includes(flag)) {
        if (j + 1 === arg.length && ++i === args.length) return `\`${arg}\` takes a value, and none follows it`;
        break;
      }
      if (!SSH_SWITCH_FLAGS.includes(flag)) return `ssh has no flag \`-${flag}\``;
    }
  }
  return undefined;
}

// Ours for ssh's StrictHostKeyChecking values (`-o StrictHostKeyChecking=accept-new`), and for a boolean.
const SSH_CHECKS: Record<string, string> = { "accept-new": "tofu", no: "none", off: "none", yes: "strict" };
function hostKeyHint(value: unknown): string {
  if (typeof value === "boolean") return value ? ': checking is "strict"' : ': no checking is "none"';
  const ours = typeof value === "string" && Object.hasOwn(SSH_CHECKS, value) ? SSH_CHECKS[value] : undefined;
  return ours === undefined ? "" : `: ssh's ${String(value)} is "${ours}"`;
}

/** A group's hosts: an array of Host (anything else fails later, once per host: "host.run is not a function"). */
export function assertHostList(hosts: unknown): void {
  if (!Array.isArray(hosts)) fail("hosts", "an array of Host", hosts, notArray(hosts));
  // By shape, not `instanceof`: a Host from another copy of this package is a Host too.
  const bad = hosts.findIndex(
    (h) => typeof (h as Partial<Host> | null)?.run !== "function" || typeof h.hostname !== "string",
  );
  if (bad === -1) return;
  const value: unknown = hosts[bad];
  const names = hosts.filter((h) => typeof h === "string").slice(0, 3);
  const why = isGroup(value)
    ? ": it is a Group; join groups by their hosts (new Group([...a.hosts, ...b.hosts]))"
    : typeof value === "string"
      ? `: parseHosts makes a group of names (parseHosts(${JSON.stringify(names.join(","))}))`
      : "";
  fail(`hosts[${bad}]`, "a Host (from `new Host` or `parseHosts`)", value, why);
}

// What to make of hosts given as no array: a group's, a collection's, names in a string.
function notArray(hosts: unknown): string {
  if (isGroup(hosts)) return ": a group's hosts are its `hosts` (new Group(group.hosts))";
  if (typeof hosts === "string")
    return `: parseHosts makes a group of names (parseHosts(${hosts.length > 60 ? "names" : JSON.stringify(hosts)}))`;
  if (hosts instanceof Map) return ": make an array of them (new Group([...map.values()]))";
  const iterable = typeof hosts === "object" && hosts !== null && Symbol.iterator in hosts;
  return iterable ? ": make an array of them (new Group([...hosts]))" : "";
}

// A Group, or what looks like one (from another copy of this package): a mistake for its hosts.
function isGroup(value: unknown): boolean {
  return typeof value === "object" && value !== null && Array.isArray((value as { hosts?: unknown }).hosts);
}
