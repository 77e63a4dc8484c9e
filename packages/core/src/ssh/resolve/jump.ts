/** One ProxyJump entry, `[user@]host[:port]` or `ssh://[user@]host[:port]`; undefined when it is not one. */
export function parseHostEntryLoose(entry: string): { user?: string; hostname: string; port?: number } | undefined {
  const text = entry.startsWith("ssh://") ? entry.slice("ssh://".length) : entry;
  const match = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:@[\]]+)(?::(\d+))?$/.exec(text);
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
export function parsedJump(value: string): string {
  const at = value.lastIndexOf(",");
  const last = parseHostEntryLoose(value.slice(at + 1));
  if (last === undefined) return value;
  const bracketed = /:|^[\d.]*$/.test(last.hostname) ? `[${last.hostname}]` : last.hostname;
  const port = last.port === undefined || last.port <= 0 ? "" : `:${last.port}`;
  return `${value.slice(0, at + 1)}${last.user === undefined ? "" : `${last.user}@`}${bracketed}${port}`;
}
