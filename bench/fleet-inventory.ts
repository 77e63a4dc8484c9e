// Renders the files each peer reads to reach the same sandbox fleet the same way. Pure: no I/O.

export type FleetAccess = {
  readonly addresses: readonly string[];
  readonly port: number;
  readonly user: string;
  readonly key: string;
  /** Where the OpenSSH client config below is written; every OpenSSH-based tool gets `-F` with it. */
  readonly sshConfigPath: string;
};

// One client config for all OpenSSH users: same key, no host-key checks, nothing read from ~/.ssh.
export function sshConfig(fleet: FleetAccess): string {
  return [
    "Host *",
    `  Port ${fleet.port}`,
    `  User ${fleet.user}`,
    `  IdentityFile ${fleet.key}`,
    "  IdentitiesOnly yes",
    "  StrictHostKeyChecking no",
    "  UserKnownHostsFile /dev/null",
    "  GlobalKnownHostsFile /dev/null",
    "  BatchMode yes",
    "  LogLevel ERROR",
    "  ConnectTimeout 60",
    "",
  ].join("\n");
}

// One address a line: pssh (`-h`), pdsh (`-w ^file`), Fabric and the ssh loop read it.
export function hostsFile(fleet: FleetAccess): string {
  return `${fleet.addresses.join("\n")}\n`;
}

// Ansible INI inventory; the interpreter is given so that no run pays for interpreter discovery.
export function ansibleInventory(fleet: FleetAccess): string {
  return [
    "[fleet]",
    ...fleet.addresses,
    "",
    "[fleet:vars]",
    `ansible_port=${fleet.port}`,
    `ansible_user=${fleet.user}`,
    `ansible_ssh_private_key_file=${fleet.key}`,
    `ansible_ssh_common_args='-F ${fleet.sshConfigPath}'`,
    "ansible_python_interpreter=/usr/bin/python3",
    "",
  ].join("\n");
}

// The `user@host:port,…` list the dk tasks take.
export function dkSpec(fleet: FleetAccess): string {
  return fleet.addresses.map((address) => `${fleet.user}@${address}:${fleet.port}`).join(",");
}

// Shell assignments the bench script sources (values are plain paths and numbers, no quoting needed).
export function envFile(fleet: FleetAccess, dir: string): string {
  return [
    `FLEET_PORT=${fleet.port}`,
    `FLEET_USER=${fleet.user}`,
    `FLEET_KEY=${fleet.key}`,
    `FLEET_SSH_CONFIG=${fleet.sshConfigPath}`,
    `FLEET_HOSTS=${dir}/hosts`,
    `FLEET_INVENTORY=${dir}/inventory.ini`,
    `FLEET_SPEC=${dir}/spec`,
    `FLEET_FIRST=${fleet.addresses[0] ?? ""}`,
    "",
  ].join("\n");
}
