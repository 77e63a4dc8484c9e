import { execFileSync } from "node:child_process";
import { findTool } from "./tools.ts";

/** Writes a new ed25519 key pair without a passphrase: `path` and `path.pub`. */
export function keygen(path: string, comment: string): void {
  const argv = ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path];
  execFileSync(findTool("ssh-keygen") ?? "ssh-keygen", argv, { stdio: "ignore" });
}
