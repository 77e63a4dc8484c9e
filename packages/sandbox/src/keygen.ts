import { execFile } from "node:child_process";
import { findTool } from "./tools.ts";

/**
 * Writes a new ed25519 key pair without a passphrase: `path` and `path.pub`. Asynchronous, so a Ctrl-C meanwhile
 * reaches the process's own SIGINT listener before this fails; the error says how ssh-keygen ended and what it said.
 */
export function keygen(path: string, comment: string): Promise<void> {
  const argv = ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path];
  return new Promise((resolve, reject) => {
    execFile(findTool("ssh-keygen") ?? "ssh-keygen", argv, { encoding: "utf8" }, (error, _stdout, stderr) => {
      if (error === null) return resolve();
      const how = error.signal ? `killed by ${error.signal}` : `exit ${String(error.code)}`;
      const why = typeof error.code === "string" ? error.message : `${how}${stderr.trim() ? `: ${stderr.trim()}` : ""}`;
      reject(new Error(`ssh-keygen could not write the key ${path} (${why})`, { cause: error }));
    });
  });
}
