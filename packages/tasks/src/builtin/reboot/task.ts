import { hostsOption } from "../input.ts";
import { reboot } from "./api.ts";

/**
 * Reboot hosts and wait until each is really back (down, up again, ssh with a new boot id).
 * Hosts reboot in parallel; one that is not back within --timeout fails, the others carry on.
 * Example: dk reboot --hosts root@web1,root@web2 --timeout 300
 */
export async function rebootTask({
  hosts,
  user = "root",
  timeout = 600,
  limit,
  hostKeyCheck,
  key,
}: {
  /** comma-separated hosts, user@host:port */
  hosts: string;
  /** login user for hosts that do not name one */
  user?: string;
  /** seconds each host may take to come back */
  timeout?: number;
  /** how many hosts to reboot at once (default: all) */
  limit?: number;
  /** how ssh checks host keys */
  hostKeyCheck?: "strict" | "tofu" | "none";
  /** ssh private key file */
  key?: string;
}): Promise<void> {
  // Bad entries are rejected before anything runs (bad usage of --hosts); reboot rejects an empty list, bad numbers.
  const group = hostsOption(hosts, {
    defaultUser: user,
    ...(hostKeyCheck === undefined ? {} : { hostKeyCheck }),
    ...(key === undefined ? {} : { key }),
  });
  await reboot(group, { timeout, ...(limit === undefined ? {} : { limit }) });
}
