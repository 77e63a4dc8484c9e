import { lookup } from "node:dns/promises";
import { CommandError, run, type Host } from "@deploykit/core";

/** Where a host's probes go: the address ssh really connects to, and its ssh port. */
export type Target = { readonly name: string; readonly address: string; readonly port: number };

// `ssh -G` only reads configuration; it returns at once.
const SSH_G_TIMEOUT_MS = 10_000;

/**
 * Resolves the host as ssh will (`ssh -G` applies ~/.ssh/config: Host aliases, HostName, Port), then its address
 * once, so that probes neither depend on DNS every second nor ping a name that only ssh understands.
 */
export async function resolveTarget(host: Host<unknown>): Promise<Target> {
  const config = await sshConfig(host);
  const name = config.get("hostname") ?? host.hostname;
  const port = Number(config.get("port") ?? host.port ?? 22);
  try {
    const { address } = await lookup(name);
    return { name, address, port };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "lookup failed";
    throw new Error(`the hostname ${name} does not resolve (${code}); check its spelling`, { cause: error });
  }
}

// The effective ssh configuration for the host, as `key value` pairs.
async function sshConfig(host: Host<unknown>): Promise<Map<string, string>> {
  const argv = ["ssh", ...(await host.sshArgs()), "-G", "--", host.hostname];
  try {
    const { stdout } = await run(argv, { quiet: true, dryRun: false, stdout: "pipe", stderr: "pipe", timeout: SSH_G_TIMEOUT_MS });
    const pairs = stdout.split("\n").map((line) => line.split(" ")).filter((parts) => parts.length >= 2);
    return new Map(pairs.map(([key, ...value]) => [key!.toLowerCase(), value.join(" ")]));
  } catch (error) {
    const said = error instanceof CommandError ? (error.stderr.trim().split("\n").at(-1) || error.reason) : String(error);
    throw new Error(`ssh cannot read its configuration for this host: ${said}`, { cause: error });
  }
}
