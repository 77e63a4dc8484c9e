import type { FleetAccess } from "../types.ts";

/** How one test host behaves. */
export type NetnsHostOptions = {
  /** Seconds the host stays off the network when its `reboot` runs; `Infinity`: it never comes back. @default 2 */
  readonly downFor?: number;
  /**
   * Drop ICMP echo requests with an nft rule inside the host's namespace (the host never answers ping). @default false
   */
  readonly dropIcmp?: boolean;
};

/** Options for a fleet of network-namespace test hosts. */
export type NetnsFleetOptions = {
  /** One entry per host. */
  readonly hosts: readonly NetnsHostOptions[];
  /**
   * Put a stand-in NixOS first on every host's PATH (`nixos-rebuild`, `nix-env`, `nix`, `readlink`; see
   * `writeNixosStandIn`), recording into `nixosRecords`. @default false
   */
  readonly nixos?: boolean;
  /**
   * Put the hosts behind a bastion: one more namespace with an sshd, the only one this machine reaches; each host is
   * linked to the bastion alone. `hostOptions` then jump through it (`-F <bastion.sshConfig> -o ProxyJump=dk-bastion`).
   * @default false
   */
  readonly bastion?: boolean;
};

/** The jump host in front of a fleet started with `bastion`. */
export type NetnsBastion = {
  readonly address: string;
  readonly port: number;
  /** The name `sshConfig` gives it: `dk-bastion`. */
  readonly alias: string;
  /** An ssh config file with one entry, the bastion's: address, port, the fleet's key, no host-key checks. */
  readonly sshConfig: string;
};

/** Something the host's `reboot` script recorded, with the time (ms since the epoch). */
export type NetnsEvent = { readonly event: "down" | "up"; readonly at: number };

/** One test host: its own network namespace, veth link, sshd and boot id. */
export type NetnsHost = {
  /** The namespace name (`dkr-<owner's pid>-<its start time>-<its PID namespace's inode>-<n>`). */
  readonly namespace: string;
  /** The host's address inside its namespace (link-local, 169.254.x.y). */
  readonly address: string;
  /** The port its sshd listens on. */
  readonly port: number;
  /** `root@address:port` for `parseHosts`. */
  readonly spec: string;
  /** What the host reports as `/proc/sys/kernel/random/boot_id` now. */
  bootId(): string;
  /** What its `reboot` script did so far, in order. */
  events(): NetnsEvent[];
  /** Takes the host's side of the link down or up (unplugs or plugs its cable). */
  setLink(up: boolean): void;
  /** Kills the host's ssh sessions (not the listening sshd), as a dropped connection would; how many it killed. */
  dropConnections(): number;
};

/** A running fleet; `stop()` kills every process in its namespaces, deletes them and removes its files. */
export type NetnsFleet = FleetAccess & {
  readonly hosts: readonly NetnsHost[];
  /** Working directory: keys, configs, logs, boot ids. */
  readonly dir: string;
  /** With `nixos`: where the stand-in NixOS records each host's steps (`<address>.log`, `.argv`, state). */
  readonly nixosRecords: string | undefined;
  /** With `bastion`: the one way to the hosts. */
  readonly bastion: NetnsBastion | undefined;
};
