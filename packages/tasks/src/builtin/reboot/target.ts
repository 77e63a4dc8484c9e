import { lookup } from "node:dns/promises";
import { CommandError, run, type Host } from "@deploykit/core";

/**
 * Where a host's probes go: the address ssh really connects to, and its ssh port. `via` names the jump host or proxy
 * ssh goes through (`ProxyJump bastion`): this machine may not reach the host at all, only ssh can.
 */
export type Target = {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  readonly via?: string | undefined;
};

// `ssh -G` only reads configuration; it returns at once.
const SSH_G_TIMEOUT_MS = 10_000;

/**
 * Resolves the host as ssh will (`ssh -G` applies ~/.ssh/config and `-F` files: Host aliases, HostName, Port,
 * ProxyJump, ProxyCommand), then its address once, so that probes neither depend on DNS every second nor ping a name
 * that only ssh understands. A host behind a jump host or proxy is not looked up: its name may mean something there
 * alone.
 */
export async function resolveTarget(host: Host<unknown>, configs: SshConfigs): Promise<Target> {
  const config = await configs.of(host);
  const name = config.get("hostname") ?? host.hostname;
  const port = Number(config.get("port") ?? host.port ?? 22);
  const via = proxyOf(config);
  if (via !== undefined) return { name, address: name, port, via };
  try {
    const { address } = await lookup(name);
    return { name, address, port };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "lookup failed";
    throw new Error(`the hostname ${name} does not resolve (${code}); check its spelling`, { cause: error });
  }
}

/**
 * The user ssh logs in as: `host.user`, else what its ssh configuration says (`User`, or the local user); undefined
 * when ssh cannot read it.
 */
export async function loginUser(host: Host<unknown>, configs: SshConfigs): Promise<string | undefined> {
  if (host.user !== undefined) return host.user;
  const config = await configs.of(host).catch(() => undefined);
  return config?.get("user");
}

/** Whether ssh reaches the host through a jump host or proxy; false when ssh cannot read its configuration. */
export async function throughProxy(host: Host<unknown>, configs: SshConfigs): Promise<boolean> {
  const config = await configs.of(host).catch(() => undefined);
  return config !== undefined && proxyOf(config) !== undefined;
}

/**
 * Each host's ssh configuration, read once (one `ssh -G`) for a whole run however many steps ask for it: the ping
 * check, the login user, the probe target. A failed read stays failed for the run, as a second one would fail alike.
 */
export class SshConfigs {
  readonly #read = new Map<Host<unknown>, Promise<Map<string, string>>>();

  of(host: Host<unknown>): Promise<ReadonlyMap<string, string>> {
    let read = this.#read.get(host);
    if (read === undefined) this.#read.set(host, (read = sshConfig(host)));
    return read;
  }
}

/** The jump host or proxy command ssh goes through, as `ProxyJump value`; ssh uses whichever it read first. */
export function proxyOf(config: ReadonlyMap<string, string>): string | undefined {
  for (const [key, label] of [
    ["proxyjump", "ProxyJump"],
    ["proxycommand", "ProxyCommand"],
  ] as const) {
    const value = config.get(key);
    if (value !== undefined && value.toLowerCase() !== "none") return `${label} ${value}`;
  }
  return undefined;
}

// The effective ssh configuration for the host, as `key value` pairs.
async function sshConfig(host: Host<unknown>): Promise<Map<string, string>> {
  const argv = ["ssh", ...(await host.sshArgs()), "-G", "--", host.hostname];
  try {
    const { stdout } = await run(argv, {
      quiet: true,
      dryRun: false,
      stdout: "pipe",
      stderr: "pipe",
      timeout: SSH_G_TIMEOUT_MS,
    });
    const pairs = stdout
      .split("\n")
      .map((line) => line.split(" "))
      .filter((parts) => parts.length >= 2);
    return new Map(pairs.map(([key, ...value]) => [key!.toLowerCase(), value.join(" ")]));
  } catch (error) {
    const said = error instanceof CommandError ? error.stderr.trim().split("\n").at(-1) || error.reason : String(error);
    throw new Error(`ssh cannot read its configuration for this host: ${said}`, { cause: error });
  }
}
