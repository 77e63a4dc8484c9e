// The tasks bench/fleet.sh times through the dk CLI: `dk -f bench/fleet-tasks.ts echo --hosts … --key …`.
// Core is imported as a user would: from the package.
import { parseHosts } from "@deploykit/core";

// The same client settings as every peer: the bench's key and ssh config, no host-key checks.
function fleet(hosts: string, key: string, sshConfig: string | undefined) {
  return parseHosts(hosts, { key, hostKeyCheck: "none", sshOptions: sshConfig === undefined ? [] : ["-F", sshConfig] });
}

/** The flags every bench task takes: the fleet and the client settings every peer also gets. */
type FleetFlags = {
  /** comma-separated user@host:port */
  hosts: string;
  /** private key file */
  key: string;
  /** OpenSSH client config file (ssh -F) */
  sshConfig?: string;
};

/** Run `echo hi` on every host at once. */
export async function echo({ hosts, key, sshConfig }: FleetFlags) {
  await fleet(hosts, key, sshConfig).run("echo hi");
}

/** Run `true` COUNT times, one after another, on the first host. */
export async function sequential({
  hosts,
  key,
  sshConfig,
  count = 20,
}: FleetFlags & {
  /** how many commands */
  count?: number;
}) {
  const [host] = fleet(hosts, key, sshConfig).hosts;
  if (host === undefined) throw new Error("no host given");
  for (let i = 0; i < count; i++) await host.run("true");
}

/** Print a line, wait 3 s, print another: how soon the first line shows. */
export async function firstLine({ hosts, key, sshConfig }: FleetFlags) {
  await fleet(hosts, key, sshConfig).run("echo first; sleep 3; echo second");
}
