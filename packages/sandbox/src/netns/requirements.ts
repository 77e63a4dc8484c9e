import { assertTools, type Tool } from "../tools.ts";

// Each tool the fixture runs, with the Debian package that provides it.
const TOOLS: readonly Tool[] = [
  ["ip", "iproute2"],
  ["unshare", "util-linux"],
  ["setsid", "util-linux"],
  ["mount", "mount"],
  ["sshd", "openssh-server"],
  ["ssh-keygen", "openssh-client"],
];

/** Fails with what to install (or how to run) when this machine cannot host netns test hosts. */
export function assertNetnsRequirements(needNft: boolean): void {
  if (process.getuid?.() !== 0) {
    throw new Error("netns test hosts need root (ip netns add, mount --bind): run the tests as root, as CI does");
  }
  assertTools("netns test hosts", [...TOOLS, ...(needNft ? [["nft", "nftables"] as const] : [])]);
}
