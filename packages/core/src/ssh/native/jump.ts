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
