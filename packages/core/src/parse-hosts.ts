import { Group } from "./group.ts";
import { Host } from "./host.ts";
import type { ParseHostsOptions } from "./types.ts";
import { assertHostOptions } from "./host-options.ts";
import { assertHostname, assertPort, assertUser, fail } from "./validate.ts";

/** A bad entry in a host list: a TypeError that names the entry and what is wrong with it. */
export class HostEntryError extends TypeError {
  constructor(
    readonly entry: string,
    readonly why: string,
  ) {
    super(`Invalid host entry \`${entry}\`: ${why}. Expected \`[user@]host[:port]\` (IPv6: \`[::1]:2222\`).`);
  }
}

/** Splits one `user@host:port` entry into its parts; throws a TypeError naming the entry when it is bad. */
export function parseHostEntry(entry: string): { user?: string; hostname: string; port?: number } {
  // `web1 web2`: hosts separated as a shell would, not as a list here is; what was meant is plain.
  const words = entry.trim().split(/\s+/);
  if (words.length > 1 && words.every(isEntry))
    throw new HostEntryError(entry, `it holds whitespace; separate hosts with commas (\`${words.join(",")}\`)`);
  const at = entry.lastIndexOf("@");
  if (entry.indexOf("@") !== at) throw new HostEntryError(entry, "more than one `@`");
  const user = at === -1 ? undefined : entry.slice(0, at);
  const rest = entry.slice(at + 1);
  let hostname = rest;
  let port: string | undefined;
  if (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    if (close === -1) throw new HostEntryError(entry, "`[` without `]`");
    hostname = rest.slice(1, close);
    const after = rest.slice(close + 1);
    if (after !== "" && !after.startsWith(":")) throw new HostEntryError(entry, "unexpected text after `]`");
    if (after !== "") port = after.slice(1);
  } else if (rest.split(":").length === 2) {
    [hostname, port] = rest.split(":") as [string, string];
  }
  if (user !== undefined) {
    try {
      assertUser(user);
    } catch {
      throw new HostEntryError(entry, `\`${user}\` is not a valid user name`);
    }
  }
  if (port !== undefined) {
    if (!/^\d+$/.test(port)) throw new HostEntryError(entry, `port \`${port}\` is not a number`);
    try {
      assertPort(Number(port));
    } catch {
      throw new HostEntryError(entry, `port ${port} is out of range (1-65535)`);
    }
  }
  if (hostname === "") throw new HostEntryError(entry, "no hostname");
  try {
    assertHostname(hostname);
  } catch {
    throw new HostEntryError(entry, `\`${hostname}\` is not a valid hostname`);
  }
  return { ...(user === undefined ? {} : { user }), hostname, ...(port === undefined ? {} : { port: Number(port) }) };
}

// Whether `text` is one good entry.
function isEntry(text: string): boolean {
  try {
    parseHostEntry(text);
    return true;
  } catch {
    return false;
  }
}

const IP = /^[\d.]+$|:/;

/**
 * Parses `user@host:port,…` into a Group; a line break separates entries as a comma does (a hosts file's lines).
 * Whitespace is trimmed, empty entries skipped, an entry given twice taken once (its name in any case: ssh lowercases
 * it), bad entries rejected before anything runs. Each host is tagged with its hostname, and with its user or port too
 * when another entry shares the hostname.
 */
export function parseHosts(spec: string, options: ParseHostsOptions = {}): Group {
  if (typeof spec !== "string") fail("spec", "a string of comma-separated `[user@]host[:port]`", spec);
  assertHostOptions(options, "parseHosts()");
  const { domainSuffix, defaultUser, ...shared } = options;
  if (
    domainSuffix !== undefined &&
    (typeof domainSuffix !== "string" || !/^\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(domainSuffix))
  )
    fail("domainSuffix", "a domain like `.example.com`", domainSuffix);
  if (defaultUser !== undefined) assertUser(defaultUser, "defaultUser");
  const entries = spec
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .map((entry) => {
      const { user = defaultUser, hostname, port } = parseHostEntry(entry);
      const suffix =
        domainSuffix === undefined || hostname.includes(".") || IP.test(hostname)
          ? ""
          : domainSuffix.startsWith(".")
            ? domainSuffix
            : `.${domainSuffix}`;
      return { user, hostname: `${hostname}${suffix}`, port };
    });
  // An entry given twice (lists pasted together) is one host: the same command twice at once on it is no one's plan.
  // ssh lowercases the name it is given, so `WEB1` and `web1` are one host too; the first spelling is kept.
  const seen = new Map<string, Entry>();
  for (const entry of entries) {
    const key = `${entry.user ?? ""}@${nameKey(entry.hostname)}:${entry.port ?? ""}`;
    if (!seen.has(key)) seen.set(key, entry);
  }
  const unique = [...seen.values()];
  const byName = new Map<string, Entry[]>();
  for (const entry of unique) {
    const twins = byName.get(nameKey(entry.hostname));
    if (twins === undefined) byName.set(nameKey(entry.hostname), [entry]);
    else twins.push(entry);
  }
  const hosts = unique.map(
    (entry) =>
      new Host(entry.hostname, {
        ...shared,
        ...(entry.user === undefined ? {} : { user: entry.user }),
        ...(entry.port === undefined ? {} : { port: entry.port }),
        commandPrefix: tagOf(entry, byName.get(nameKey(entry.hostname))!),
      }),
  );
  return new Group(hosts);
}

// A host name as ssh takes it: OpenSSH lowercases it before it connects or reads its config.
function nameKey(hostname: string): string {
  return hostname.toLowerCase();
}

type Entry = { readonly user: string | undefined; readonly hostname: string; readonly port: number | undefined };

// The hostname, unless another entry has it too (`twins`, all entries with that name: one address, several ports or
// users): then the parts that tell them apart, so that their lines, live rows and summary rows stay theirs.
function tagOf(entry: Entry, twins: readonly Entry[]): string {
  if (twins.length === 1) return entry.hostname;
  const byUser = new Set(twins.map((twin) => twin.user)).size > 1 && entry.user !== undefined;
  const byPort = new Set(twins.map((twin) => twin.port)).size > 1 && entry.port !== undefined;
  const name = byPort && entry.hostname.includes(":") ? `[${entry.hostname}]` : entry.hostname;
  return `${byUser ? `${entry.user}@` : ""}${name}${byPort ? `:${entry.port}` : ""}`;
}
