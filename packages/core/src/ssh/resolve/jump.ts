/**
 * One ProxyJump entry, `[user@]host[:port]` or `ssh://[user@]host[:port][/]`; undefined when it is not one (ssh
 * refuses a `/` elsewhere, which its host:port parsing splits at).
 */
export function parseHostEntryLoose(entry: string): { user?: string; hostname: string; port?: number } | undefined {
  const text = entry.startsWith("ssh://") ? entry.slice("ssh://".length).replace(/\/$/, "") : entry;
  const match = /^(?:([^@]+)@)?(\[[^\]/]+\]|[^:@[\]/]+)(?::(\d+))?$/.exec(text);
  if (!match) return undefined;
  const hostname = match[2]!.replace(/^\[|\]$/g, "");
  return {
    ...(match[1] === undefined ? {} : { user: match[1] }),
    hostname,
    ...(match[3] === undefined ? {} : { port: Number(match[3]) }),
  };
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
