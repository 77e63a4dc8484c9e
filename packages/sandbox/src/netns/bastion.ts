import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { NetnsBastion } from "./types.ts";

/** The name the bastion's ssh config gives it. */
export const BASTION_ALIAS = "dk-bastion";

/**
 * Writes the ssh config that reaches the bastion (`Host dk-bastion`: its address and port, the fleet's key, no host-key
 * checks, no jump of its own) into `dir`, and says how to jump through it.
 */
export function writeBastionConfig(dir: string, address: string, port: number, key: string): NetnsBastion {
  const sshConfig = join(dir, "bastion_ssh_config");
  writeFileSync(
    sshConfig,
    [
      `Host ${BASTION_ALIAS}`,
      `  HostName ${address}`,
      `  Port ${port}`,
      "  User root",
      `  IdentityFile ${key}`,
      "  IdentitiesOnly yes",
      "  StrictHostKeyChecking no",
      "  UserKnownHostsFile /dev/null",
      "  LogLevel ERROR",
      "  ProxyJump none",
      "",
    ].join("\n"),
  );
  return { address, port, alias: BASTION_ALIAS, sshConfig };
}
