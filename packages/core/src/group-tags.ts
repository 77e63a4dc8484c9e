import type { Host } from "./host.ts";
import { nameKey, sshIdentity } from "./same-host.ts";

/**
 * Refuses a group call whose hosts share a tag (`commandPrefix`, the hostname unless given): output lines, live rows,
 * summary rows and GroupError lines are the tag's, so two hosts under one would show as one while counted as two.
 * Checked on the hosts the call runs on, after the process-wide selection, before any starts.
 */
export function assertDistinctTags(hosts: readonly Host<unknown>[], call: string, shared = OUTPUT): void {
  const seen = new Map<string, Host<unknown>>();
  // One host whose tags differ only as its name is spelled (`WEB1`, `web1`): two runs on it at once, as one tagged.
  const spelled = new Map<string, Host<unknown>>();
  for (const host of hosts) {
    const other = seen.get(host.commandPrefix);
    if (other !== undefined) throw new TypeError(`${call}: ${sharedTag(other, host, shared)}`);
    seen.set(host.commandPrefix, host);
    const key = `${sshIdentity(host)} ${nameKey(host.commandPrefix)}`;
    const same = spelled.get(key);
    if (same !== undefined)
      throw new TypeError(
        `${call}: ${String(same)} and ${String(host)} are one host, spelled two ways: the call would run on it twice ` +
          "at once; list it once (parseHosts takes it once), or give each a commandPrefix of its own",
      );
    spelled.set(key, host);
  }
}

// What two hosts under one tag would share, unless the call says (a download: one folder).
const OUTPUT = "their output, live rows and summary rows would be one";

// What is wrong with two hosts under one tag, and what to do: the same host listed twice, or two that need names.
function sharedTag(first: Host<unknown>, second: Host<unknown>, shared: string): string {
  const tag = `"${second.commandPrefix}"`;
  if (sshIdentity(first) === sshIdentity(second))
    return (
      `${String(second)} is in the group twice (tag ${tag}): the call would run on it twice at once, shown as one; ` +
      "list it once (parseHosts takes an entry given twice once), or give each a commandPrefix of its own"
    );
  return (
    `${String(first)} and ${String(second)} share the tag ${tag}, so ${shared}; give each host a commandPrefix of ` +
    `its own (e.g. commandPrefix: "${String(second)}" for the second)`
  );
}
