import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

// Each tool the fixture runs, with the Debian package that provides it.
const TOOLS: ReadonlyArray<readonly [tool: string, pkg: string]> = [
  ["ip", "iproute2"],
  ["unshare", "util-linux"],
  ["setsid", "util-linux"],
  ["mount", "mount"],
  ["sshd", "openssh-server"],
  ["ssh-keygen", "openssh-client"],
];

/** Where `tool` is on PATH (plus the sbin directories root has), or undefined. */
export function findTool(tool: string, path = process.env.PATH ?? ""): string | undefined {
  const dirs = [...path.split(delimiter), "/usr/sbin", "/sbin"].filter(Boolean);
  for (const dir of dirs) {
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return join(dir, tool);
    } catch {
      // Not in this directory: keep looking.
    }
  }
  return undefined;
}

/** Fails with what to install (or how to run) when this machine cannot host netns test hosts. */
export function assertNetnsRequirements(needNft: boolean): void {
  if (process.getuid?.() !== 0) {
    throw new Error("netns test hosts need root (ip netns add, mount --bind): run the tests as root, as CI does");
  }
  const missing = [...TOOLS, ...(needNft ? [["nft", "nftables"] as const] : [])].filter(([tool]) => !findTool(tool));
  if (missing.length > 0) {
    const packages = [...new Set(missing.map(([, pkg]) => pkg))].join(" ");
    throw new Error(
      `netns test hosts need ${missing.map(([tool]) => tool).join(", ")}: ` +
        `install with \`apt-get install -y ${packages}\``,
    );
  }
}
