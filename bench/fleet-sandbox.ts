// Starts a sandbox sshd fleet for bench/fleet.sh, writes every peer's inventory into --out, and keeps the
// fleet up until SIGTERM/SIGINT (or --max-seconds). Usage: node --import tsx bench/fleet-sandbox.ts --hosts N --out DIR
// [--kex ALG]
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startSandbox } from "../packages/sandbox/src/index.ts";
import { ansibleInventory, dkSpec, envFile, hostsFile, sshConfig, type FleetAccess } from "./fleet-inventory.ts";

const { values } = parseArgs({
  options: {
    hosts: { type: "string" },
    out: { type: "string" },
    kex: { type: "string" },
    "max-seconds": { type: "string", default: "1800" },
  },
});
// paramiko (Fabric) knows curve25519-sha256 only by its pre-RFC name; it is the same algorithm.
function withAliases(kex: string): string {
  const names = kex.split(",");
  return names.includes("curve25519-sha256") && !names.includes("curve25519-sha256@libssh.org")
    ? `${kex},curve25519-sha256@libssh.org`
    : kex;
}

const hosts = Number(values.hosts);
const out = values.out;
if (!Number.isInteger(hosts) || hosts < 1 || out === undefined) {
  console.error("usage: fleet-sandbox.ts --hosts N --out DIR [--kex ALG] [--max-seconds S]");
  process.exit(2);
}

// The sandbox serves sftp already (Ansible copies its modules that way); the forced key exchange is a server setting,
// so every client negotiates the same one.
const extra = values.kex ? [`KexAlgorithms ${withAliases(values.kex)}`] : [];
const sandbox = await startSandbox({ hosts, sshdConfig: extra });
const fleet: FleetAccess = {
  addresses: sandbox.addresses,
  port: sandbox.port,
  user: sandbox.user,
  key: sandbox.key,
  sshConfigPath: join(out, "ssh_config"),
};
writeFileSync(fleet.sshConfigPath, sshConfig(fleet));
writeFileSync(join(out, "hosts"), hostsFile(fleet));
writeFileSync(join(out, "inventory.ini"), ansibleInventory(fleet));
writeFileSync(join(out, "spec"), dkSpec(fleet));
writeFileSync(join(out, "env"), envFile(fleet, out));
// Written last: its presence tells the bench script that everything above is complete.
writeFileSync(join(out, "ready"), `${sandbox.pids.join(" ")}\n`);

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await sandbox.stop();
  process.exit(code);
}
process.on("SIGTERM", () => void stop(0));
process.on("SIGINT", () => void stop(130));
// A bound on the fleet's life, so that a bench killed with SIGKILL leaves no sshd behind for long.
setTimeout(() => void stop(0), Number(values["max-seconds"]) * 1000).unref();
// Keeps the event loop alive until a signal or the bound above.
setInterval(() => {}, 60_000);
