import type { Host } from "@deploykit/core";
import { OptionError } from "../input.ts";
import { proxyOf, type SshConfigs } from "./target.ts";

/** The host ssh takes an entry to: `key` compares, `label` says it (`web1 port 22, through ProxyJump b`). */
export type SshIdentity = { readonly key: string; readonly label: string };

/**
 * Each host as ssh resolves it (`ssh -G`: host name, port, jump host or proxy), so that two entries for one host
 * (`web1` and `web1:22`, an alias in the ssh config and its HostName) compare equal; undefined for a host whose
 * configuration ssh cannot read, left to fail on its own.
 */
export async function sshIdentities(
  hosts: readonly Host<unknown>[],
  configs: SshConfigs,
): Promise<(SshIdentity | undefined)[]> {
  const read = await Promise.all(hosts.map((host) => configs.of(host).catch(() => undefined)));
  return hosts.map((host, i) => {
    const config = read[i];
    if (config === undefined) return undefined;
    const name = (config.get("hostname") ?? host.hostname).toLowerCase();
    const port = config.get("port") ?? String(host.port ?? 22);
    const via = proxyOf(config);
    return {
      key: `${name} ${port} ${via ?? ""}`,
      label: `${name} port ${port}${via === undefined ? "" : `, through ${via}`}`,
    };
  });
}

/**
 * Refuses two entries that ssh takes to one host: both would be rebooted at once, each waiting for the other's reboot.
 */
export async function assertDistinct(hosts: readonly Host<unknown>[], configs: SshConfigs): Promise<void> {
  const seen = new Map<string, Host<unknown>>();
  const identities = await sshIdentities(hosts, configs);
  for (const [i, host] of hosts.entries()) {
    const identity = identities[i];
    if (identity === undefined) continue;
    const first = seen.get(identity.key);
    if (first === undefined) {
      seen.set(identity.key, host);
      continue;
    }
    const both = `\`${String(first)}\` and \`${String(host)}\` are one host to ssh (${identity.label})`;
    throw new OptionError(
      "hosts",
      ` names a host twice: ${both}; give it once`,
      `Expected each host once, got ${both}: it would be rebooted twice at once`,
    );
  }
}
