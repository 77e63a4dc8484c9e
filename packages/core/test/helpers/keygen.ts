import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/**
 * A key pair ssh-keygen writes at `path` (`args` such as `-t rsa -b 2048`; a `passphrase` locks it): its public blob,
 * as ssh sends it, and its private key file.
 */
export function keygen(path: string, args: readonly string[], passphrase = ""): { blob: Buffer; file: Buffer } {
  execFileSync("ssh-keygen", ["-q", "-N", passphrase, "-C", "", "-f", path, ...args]);
  const blob = Buffer.from(readFileSync(`${path}.pub`, "utf8").split(" ")[1]!, "base64");
  return { blob, file: readFileSync(path) };
}
