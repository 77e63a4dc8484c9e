type HostEntry = { user?: string; hostname: string; port?: number };

/**
 * One ProxyJump entry as ssh reads it, `[user@]host[:port]` or `ssh://[user[;params]@]host[:port][/]`; undefined when
 * ssh refuses it, or native would not tell what ssh makes of it (a port's service name, a user beyond ASCII). The user
 * ends at the last `@`, or in a URI at the first one (then decoded: `%40` is `@`, `+` a space, `;params` dropped, and
 * the host must be a domain name). Pure.
 */
export function parseHostEntryLoose(entry: string): HostEntry | undefined {
  const uri = entry.startsWith("ssh://");
  const text = uri ? entry.slice("ssh://".length) : entry;
  const at = uri ? text.indexOf("@") : text.lastIndexOf("@");
  const user = at === -1 ? undefined : uri ? uriUser(text.slice(0, at)) : text.slice(0, at);
  if (at !== -1 && !user) return undefined;
  const place = hostAndPort(text.slice(at + 1), uri);
  if (place === undefined) return undefined;
  return { ...(user === undefined ? {} : { user }), ...place };
}

// ssh's host[:port], a host in brackets kept whole; in a URI a `/` may end it, with nothing after it.
function hostAndPort(text: string, uri: boolean): HostEntry | undefined {
  const end = text.startsWith("[") ? text.indexOf("]") + 1 : text.search(/[:/]|$/);
  if (end === 0) return undefined;
  const delimiter = text[end];
  if (delimiter !== undefined && delimiter !== ":" && !(uri && delimiter === "/")) return undefined;
  const after = text.slice(end + 1);
  const slash = uri && delimiter === ":" ? after.indexOf("/") : -1;
  const portText = delimiter === ":" ? (slash === -1 ? after : after.slice(0, slash)) : "";
  const path = delimiter === "/" ? after : slash === -1 ? "" : after.slice(slash + 1);
  let hostname = /^\[.*\]$/.test(text.slice(0, end)) ? text.slice(1, end - 1) : text.slice(0, end);
  if (hostname === "" || path !== "") return undefined;
  if (uri) {
    if (!/^[a-z\d][\w.-]*$/i.test(hostname) || hostname.includes("..")) return undefined;
    hostname = hostname.replace(/\.$/, "");
  }
  // A port is 1 to 65535 in decimal; the name of a service ssh looks up, and native does not.
  const port = portText === "" && (slash === -1 || !uri) ? undefined : Number(portText);
  if (port !== undefined && !(/^\d+$/.test(portText) && port >= 1 && port <= 65_535)) return undefined;
  return { hostname, ...(port === undefined ? {} : { port }) };
}

// A URI's user: up to a `;` (connection parameters, which ssh ignores), `%XX` and `+` decoded; undefined if a `%` is
// not followed by two hex digits, which ssh refuses, or it decodes to a byte that is no ASCII character or NUL.
function uriUser(text: string): string | undefined {
  const user = text.replace(/;.*/s, "");
  if (/%(?![\da-f]{2})|%(?:00|[89a-f][\da-f])/i.test(user)) return undefined;
  return user
    .replace(/\+/g, " ")
    .replace(/%([\da-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** What %j stands for: ProxyJump's last host, its name alone (ssh's jump_host). Pure. */
export function jumpHost(proxyJump: string | undefined): string {
  return proxyJump === undefined ? "" : (parseHostEntryLoose(proxyJump.split(",").at(-1)!)?.hostname ?? "");
}

/**
 * ProxyJump as ssh keeps it: the hops before the last as written, the last parsed (an ssh:// URI or user@host:port)
 * and written back as user@host:port, an address in brackets. Pure.
 */
export function parsedJump(written: string): string {
  // ssh 9.2 reads the line's first word alone (`ProxyJump a b` is a; quotes group nothing).
  const value = written.split(/[ \t]/)[0]!;
  const at = value.lastIndexOf(",");
  const last = parseHostEntryLoose(value.slice(at + 1));
  if (last === undefined) return value;
  const bracketed = /:|^[\d.]*$/.test(last.hostname) ? `[${last.hostname}]` : last.hostname;
  const port = last.port === undefined || last.port <= 0 ? "" : `:${last.port}`;
  return `${value.slice(0, at + 1)}${last.user === undefined ? "" : `${last.user}@`}${bracketed}${port}`;
}

// What ssh puts unquoted into the shell command of a jump (`ssh -l user -J earlier -F file -W … host`) and what its
// percent expansion leaves alone: any other character means another command than the hops native would connect to.
const SHELL_SAFE = /^[\w@+=:,./[\]-]*$/;

/**
 * Why ssh's jump through `proxyJump` (and `-F configFile`) is not the one native makes: ssh runs the hops as a shell
 * command line, unquoted, and the command-line `-J`/ProxyJump a hop with a shell metacharacter ssh refuses (since
 * its 9.6 fix, Debian's 9.2 too). Undefined when every hop is a plain word. Pure.
 */
export function jumpThroughShell(proxyJump: string, configFile: string | undefined): string | undefined {
  const hops = proxyJump.split(",");
  if (!SHELL_SAFE.test(proxyJump) || hops.some((hop) => /^-|@-/.test(hop.replace(/^ssh:\/\//, ""))))
    return `ProxyJump ${proxyJump} (a shell metacharacter: ssh refuses it on its command line, runs it from a file)`;
  if (configFile !== undefined && !SHELL_SAFE.test(configFile))
    return `-F ${configFile} with a ProxyJump (ssh puts the path into the jump's shell command unquoted)`;
  return undefined;
}
