import { spawnSync } from "node:child_process";

let version: readonly [number, number] | null | undefined;

/**
 * Whether the local ssh is OpenSSH `major.minor` or newer, for the few tokens whose meaning changed between versions.
 * Asked of `ssh -V` once per process, and only when such a token is expanded; an ssh that does not say is taken as new.
 */
export function sshAtLeast(major: number, minor: number): boolean {
  version ??= readVersion();
  return version === null || version[0] > major || (version[0] === major && version[1] >= minor);
}

function readVersion(): readonly [number, number] | null {
  const ran = spawnSync("ssh", ["-V"], { encoding: "utf8", timeout: 10_000, stdio: ["ignore", "pipe", "pipe"] });
  const found = /OpenSSH_(\d+)\.(\d+)/.exec(`${ran.stderr ?? ""}${ran.stdout ?? ""}`);
  return found === null ? null : [Number(found[1]), Number(found[2])];
}
