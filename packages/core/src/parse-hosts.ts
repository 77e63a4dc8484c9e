import { Group } from "./group.ts";
import { Host } from "./host.ts";
import type { ParseHostsOptions } from "./types.ts";
import { assertHostOptions, endpointTag } from "./host-options.ts";
import { HostEntryError, parseHostEntry } from "./host-entry.ts";
import { nameKey, sshIdentity } from "./same-host.ts";
import { assertUser, fail } from "./validate.ts";

export { HostEntryError } from "./host-entry.ts";

const IP = /^[\d.]+$|:/;
// This machine by name: with a domain after it, another (one a wildcard DNS record gives, say).
const LOCAL = /^localhost$/i;

/**
 * Parses `user@host:port,…` into a Group; a line break separates entries as a comma does, and a `#` that starts a
 * line or follows a space comments out the rest of it (a hosts file). Whitespace is trimmed, empty entries skipped, an
 * entry given twice taken once (its name in any case: ssh lowercases it), bad entries rejected before anything runs.
 * Each host is tagged with its hostname, and with its user or port too when another entry shares the hostname.
 */
export function parseHosts(spec: string, options: ParseHostsOptions = {}): Group {
  if (typeof spec !== "string") fail("spec", "a string of comma-separated `[user@]host[:port]`", spec);
  assertHostOptions(options, "parseHosts()");
  const { domainSuffix, defaultUser, ...shared } = options;
  if (
    domainSuffix !== undefined &&
    (typeof domainSuffix !== "string" || !/^\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.?$/.test(domainSuffix))
  )
    fail("domainSuffix", "a domain like `.example.com`", domainSuffix);
  if (defaultUser !== undefined) assertUser(defaultUser, "defaultUser");
  // A hosts file's comment: from a `#` that starts a line or follows a space, to the end of the line.
  const text = spec.replace(/(^|\s)#[^\n]*/g, "$1");
  const braces = unexpanded(text);
  if (braces !== undefined) throw braces;
  const entries = text
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .map((entry) => {
      const { user = defaultUser, hostname, port } = parseHostEntry(entry);
      const suffix =
        domainSuffix === undefined || hostname.includes(".") || IP.test(hostname) || LOCAL.test(hostname)
          ? ""
          : domainSuffix.startsWith(".")
            ? domainSuffix
            : `.${domainSuffix}`;
      return { user, hostname: `${hostname}${suffix}`, port };
    });
  // An entry given twice (lists pasted together) is one host: the same command twice at once on it is no one's plan.
  // ssh lowercases the name it is given, so `WEB1` and `web1` are one host too, as are `::1` and `0::1`; the first
  // spelling is kept. A port or user left out is the ssh config's to choose: `web1` and `web1:22` may be two hosts.
  const seen = new Map<string, Entry>();
  for (const entry of entries) {
    const key = sshIdentity(entry);
    if (!seen.has(key)) seen.set(key, entry);
  }
  const unique = [...seen.values()];
  const twins = twinsByName(unique);
  const hosts = unique.map(
    (entry) =>
      new Host(entry.hostname, {
        ...shared,
        ...(entry.user === undefined ? {} : { user: entry.user }),
        ...(entry.port === undefined ? {} : { port: entry.port }),
        commandPrefix: tagOf(entry, twins.get(nameKey(entry.hostname))!),
      }),
  );
  return new Group(hosts);
}

// A shell's braces left unexpanded by quotes (`web{1,2}`, `web{1..3}`): their commas would split them into entries.
const BRACES = /\{(?:([^{}\s,]*,[^{}\s]*)|(\d+)\.\.(\d+))\}/;

// The error for the entry that holds braces, naming the first hosts they stand for; undefined without any.
function unexpanded(text: string): HostEntryError | undefined {
  const braces = BRACES.exec(text);
  if (braces === null) return undefined;
  const [whole, list, from = "", to] = braces;
  let [start, end] = [braces.index, braces.index + whole.length];
  while (start > 0 && !/[\s,]/.test(text[start - 1]!)) start--;
  while (end < text.length && !/[\s,]/.test(text[end]!)) end++;
  const [before, after] = [text.slice(start, braces.index), text.slice(braces.index + whole.length, end)];
  const count = Math.max(0, Number(to) - Number(from) + 1);
  const numbers = Array.from({ length: Math.min(count, 4) }, (_, i) =>
    String(Number(from) + i).padStart(from.length, "0"),
  );
  const parts = list?.split(",") ?? numbers;
  const names = parts.slice(0, 3).map((part) => `${before}${part}${after}`);
  const listed = `${names.join(",")}${parts.length > 3 ? ",…" : ""}`;
  return new HostEntryError(text.slice(start, end), `braces are not expanded here; list each host (\`${listed}\`)`);
}

type Entry = { readonly user: string | undefined; readonly hostname: string; readonly port: number | undefined };

// What the entries that share a name (one address, several ports or users) differ in: the users, the ports. Counted
// once per name, so that a list of thousands of one name is read in one pass.
type Twins = { count: number; readonly users: Set<string | undefined>; readonly ports: Set<number | undefined> };

function twinsByName(entries: readonly Entry[]): Map<string, Twins> {
  const byName = new Map<string, Twins>();
  for (const entry of entries) {
    const key = nameKey(entry.hostname);
    const twins = byName.get(key) ?? { count: 0, users: new Set(), ports: new Set() };
    twins.count++;
    twins.users.add(entry.user);
    twins.ports.add(entry.port);
    byName.set(key, twins);
  }
  return byName;
}

// The hostname, unless another entry has it too: then the parts that tell them apart, so that their lines, live rows
// and summary rows stay theirs.
function tagOf(entry: Entry, twins: Twins): string {
  if (twins.count === 1) return entry.hostname;
  const byUser = twins.users.size > 1 && entry.user !== undefined;
  const byPort = twins.ports.size > 1 && entry.port !== undefined;
  return endpointTag(byUser ? entry.user : undefined, entry.hostname, byPort ? entry.port : undefined);
}
