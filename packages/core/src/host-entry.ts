import { isIP } from "node:net";
import { hostnameFault, NO_PASSWORD } from "./hostname-fault.ts";
import { assertHostname, assertPort, assertUser } from "./validate.ts";

/** A bad entry in a host list: a TypeError that names the entry and what is wrong with it. */
export class HostEntryError extends TypeError {
  override readonly name = "HostEntryError";

  constructor(
    readonly entry: string,
    readonly why: string,
  ) {
    super(`Invalid host entry \`${cut(entry)}\`: ${why}. Expected \`[user@]host[:port]\` (IPv6: \`[::1]:2222\`).`);
  }
}

// Text from an entry as a message shows it: garbage in a hosts file (a pasted binary) is cut, `entry` keeps it whole.
function cut(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

type HostEntry = { user?: string; hostname: string; port?: number };

// A URL's scheme: `ssh://` is read as ssh(1) reads a destination; another names a tool that is not ssh.
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/**
 * Splits one `user@host:port` entry (or `ssh://user@host:port`, as ssh takes it) into its parts; throws a TypeError
 * naming the entry when it is bad.
 */
export function parseHostEntry(entry: string): HostEntry {
  const scheme = SCHEME.exec(entry);
  if (scheme === null) return parts(entry, entry, false);
  if (scheme[1]!.toLowerCase() !== "ssh")
    throw new HostEntryError(entry, `\`${scheme[0]}\` is no ssh destination; write the host as \`[user@]host[:port]\``);
  const text = entry.slice(scheme[0].length).replace(/\/$/, "");
  const path = text.indexOf("/", text.lastIndexOf("@") + 1);
  const why = `\`${text.slice(path)}\` is a path, and an ssh URL has none: \`${scheme[0]}${text.slice(0, path)}\``;
  if (path !== -1) throw new HostEntryError(entry, why);
  return parts(entry, text, true);
}

// The parts of `text`, the entry itself or what follows its `ssh://` (a `url`); errors name the whole `entry`.
function parts(entry: string, text: string, url: boolean): HostEntry {
  // `web1 web2`, `web1;web2`, `web1，web2` (an input method's comma): hosts listed as a shell or another tool would.
  const separator = /[;|，、；]/.exec(text)?.[0];
  const words = text.split(/[\s;|，、；]+/).filter((word) => word !== "");
  // `ssh -p 2222 root@web1`, pasted whole: the host it reaches is the entry.
  const [flag, last] = [/ -p ?(\d+)/.exec(text)?.[1], words.at(-1)!];
  if (words[0] === "ssh" && words.length > 1) {
    const meant = flag === undefined || last.includes(":") ? last : `${last}:${flag}`;
    throw new HostEntryError(entry, `it is an ssh command line; the host in it is the entry (\`${cut(meant)}\`)`);
  }
  if ((words.length > 1 || separator !== undefined) && words.length > 0 && words.every(isEntry)) {
    const held = separator === undefined ? "whitespace" : `\`${separator}\``;
    throw new HostEntryError(entry, `it holds ${held}; separate hosts with commas (\`${cut(words.join(","))}\`)`);
  }
  // pdsh's `web[1-3]`, Ansible's `web[01:03]`: its `:` would otherwise be read as a port.
  const range = /\[(\d+)[-:](\d+)\]/.exec(text);
  if (range !== null)
    throw new HostEntryError(entry, `a range is not expanded here; list each host (${listed(range)})`);
  const at = text.lastIndexOf("@");
  const written = at === -1 ? undefined : text.slice(0, at);
  // A URL's user is percent-encoded (`jdoe%40corp.example.com`), and ssh decodes it.
  const user = url && written !== undefined ? decoded(written) : written;
  const rest = text.slice(at + 1);
  let hostname = rest;
  let port: string | undefined;
  if (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    if (close === -1) throw new HostEntryError(entry, "`[` without `]`");
    hostname = rest.slice(1, close);
    const after = rest.slice(close + 1);
    if (after !== "" && !after.startsWith(":")) throw new HostEntryError(entry, "unexpected text after `]`");
    if (after !== "") port = after.slice(1);
    // Alone, a name in brackets is an inventory's group header (`[web]`); with a port, known_hosts' spelling of it.
    const header = `\`${rest}\` reads as a group header of an inventory (Ansible's); list the hosts alone`;
    if (after === "" && isIP(hostname.replace(/%.*/, "")) !== 6)
      throw new HostEntryError(entry, `brackets hold an IPv6 address (\`[::1]\`), and ${header}`);
  } else if (rest.split(":").length === 2) {
    [hostname, port] = rest.split(":") as [string, string];
  }
  if (user === "") throw new HostEntryError(entry, "no user before `@`; drop the `@`, or give the user");
  if (port === "") throw new HostEntryError(entry, "no port after `:`; drop the `:`, or give the port");
  if (user !== undefined) {
    try {
      assertUser(user);
    } catch {
      // A password is never repeated: the refusal may end up in a log.
      const colon = written!.indexOf(":");
      const hidden = user.includes(":") ? entry.replace(`${written}@`, `${written!.slice(0, colon + 1)}…@`) : entry;
      throw new HostEntryError(hidden, userFault(written!, user, rest));
    }
  }
  const badPort = port === undefined ? undefined : portFault(port, text.slice(0, text.length - port.length - 1));
  if (badPort !== undefined) throw new HostEntryError(entry, badPort);
  if (hostname === "") throw new HostEntryError(entry, "no hostname");
  try {
    assertHostname(hostname);
  } catch {
    throw new HostEntryError(entry, `\`${cut(hostname)}\` is not a valid hostname${hostnameFault(hostname)}`);
  }
  return { ...(user === undefined ? {} : { user }), hostname, ...(port === undefined ? {} : { port: Number(port) }) };
}

// What is wrong with the user `written` before `@rest` (`user` as decoded): a second `@`, a password, or its name.
function userFault(written: string, user: string, rest: string): string {
  if (written.includes("@")) return "more than one `@`";
  const colon = user.indexOf(":");
  if (colon === -1) return `\`${user}\` is not a valid user name`;
  return `a password does not go in a host entry${NO_PASSWORD}: \`${user.slice(0, colon)}@${rest}\``;
}

// What is wrong with the port written after `host:`: a path (scp's `host:path`), no number, or one out of range.
function portFault(port: string, host: string): string | undefined {
  if (/^[/~]/.test(port))
    return `\`${port}\` is a path, as scp writes one after the host; a host entry has none: \`${host}\``;
  if (!/^\d+$/.test(port)) return `port \`${port}\` is not a number`;
  try {
    assertPort(Number(port));
    return undefined;
  } catch {
    return `port ${port} is out of range (1-65535)`;
  }
}

// `text` with its `%XX` decoded; as written when it holds a `%` that encodes nothing (then refused as a user).
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// The first hosts of a range, as the list it stands for, in backticks.
function listed(range: RegExpExecArray): string {
  const [whole, from, to] = range as unknown as [string, string, string];
  const [before, after] = [range.input.slice(0, range.index), range.input.slice(range.index + whole.length)];
  const first = Number(from);
  const count = Math.max(0, Number(to) - first + 1);
  const names = Array.from({ length: Math.min(count, 3) }, (_, i) => String(first + i).padStart(from.length, "0"));
  return `\`${names.map((name) => `${before}${name}${after}`).join(",")}${count > 3 ? ",…" : ""}\``;
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
