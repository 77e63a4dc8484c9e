import { spawnSync } from "node:child_process";

let interval: number | undefined;

/**
 * ServerAliveInterval's default under BatchMode yes, as the local ssh has it: 0 upstream, 300 where the distribution
 * patches it so (Debian's and Ubuntu's ssh). Asked of `ssh -G` once per process, and only for a host in batch mode with
 * no interval of its own; an ssh that does not say is taken as upstream.
 */
export function batchAliveInterval(): number {
  interval ??= readInterval();
  return interval;
}

function readInterval(): number {
  const argv = ["-G", "-F", "none", "-o", "BatchMode=yes", "--", "batch"];
  const ran = spawnSync("ssh", argv, { encoding: "utf8", timeout: 10_000, stdio: ["ignore", "pipe", "pipe"] });
  const found = /^serveraliveinterval (\d+)$/m.exec(ran.stdout ?? "");
  return found === null ? 0 : Number(found[1]);
}
