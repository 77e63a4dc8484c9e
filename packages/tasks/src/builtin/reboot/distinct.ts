import type { Host } from "@deploykit/core";
import { OptionError } from "../input.ts";
import { proxyOf, type SshConfigs } from "./target.ts";

/**
 * Refuses two entries that ssh takes to one host (`web1` and `web1:22`, `web1` and an alias of it in the ssh config):
 * both would be rebooted at once, each waiting for the other's reboot. Compared as ssh resolves them (`ssh -G`: host
 * name, port, jump host or proxy); a host whose configuration ssh cannot read is left to fail on its own.
 */
export async function assertDistinct(hosts: readonly Host<unknown>[], configs: SshConfigs): Promise<void> {
  const seen = new Map<string, Host<unknown>>();
  const where = await Promise.all(hosts.map((host) => configs.of(host).catch(() => undefined)));
  for (const [i, host] of hosts.entries()) {
    const config = where[i];
    if (config === undefined) continue;
    const name = (config.get("hostname") ?? host.hostname).toLowerCase();
    const port = config.get("port") ?? String(host.port ?? 22);
    const via = proxyOf(config);
    const key = `${name} ${port} ${via ?? ""}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, host);
      continue;
    }
    const both =
      `\`${String(first)}\` and \`${String(host)}\` are one host to ssh (${name} port ${port}` +
      `${via === undefined ? "" : `, through ${via}`})`;
    throw new OptionError(
      "hosts",
      ` names a host twice: ${both}; give it once`,
      `Expected each host once, got ${both}: it would be rebooted twice at once`,
    );
  }
}
