import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { loopbackAddresses } from "./addresses.ts";
import { assertFdLimit } from "./fd-limit.ts";
import { freePort } from "./free-port.ts";
import { sshdConfig } from "./sshd-config.ts";
import type { Sandbox, SandboxOptions } from "./types.ts";
import { waitForPort } from "./wait-port.ts";

// One sshd can listen on at most 16 addresses, so bigger fleets get several processes.
const ADDRESSES_PER_SSHD = 16;
const SSHD = "/usr/sbin/sshd";

/**
 * Starts `hosts` loopback hosts (127.0.0.2, .3, …, then 127.0.1.1, …) served by throwaway sshd processes with their
 * own keys.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const { hosts = 3, firstOctet = 2, env = {}, sshdConfig: extra = [] } = options;
  const addresses = loopbackAddresses(hosts, firstOctet);
  assertFdLimit(hosts);
  if (!existsSync(SSHD)) {
    throw new Error(`${SSHD} not found: install OpenSSH's server first (as root: apt-get install -y openssh-server)`);
  }
  // sshd run by root refuses to start without its privilege-separation directory; run by another user it needs none.
  if (process.getuid?.() === 0 && !existsSync("/run/sshd")) mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });

  // Private (0700): it holds the client's key; nothing of it outlives the sandbox, even when stop() is never called.
  const dir = mkdtempSync(join(tmpdir(), "dk-sandbox-"));
  const home = join(dir, "home");
  mkdirSync(home);
  const key = join(dir, "client_key");
  keygen(join(dir, "host_key"));
  keygen(key);
  copyFileSync(`${key}.pub`, join(dir, "authorized_keys"));

  const port = await freePort();
  const children: ChildProcess[] = [];
  const logFiles: string[] = [];
  const stopNow = () => {
    children.forEach((child) => child.exitCode === null && child.kill("SIGTERM"));
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", stopNow);
  try {
    for (let i = 0; i * ADDRESSES_PER_SSHD < hosts; i++) {
      const slice = addresses.slice(i * ADDRESSES_PER_SSHD, (i + 1) * ADDRESSES_PER_SSHD);
      const config = join(dir, `sshd_config.${i}`);
      const log = join(dir, `sshd.${i}.log`);
      writeFileSync(
        config,
        sshdConfig({
          addresses: slice,
          port,
          hostKey: join(dir, "host_key"),
          authorizedKeys: join(dir, "authorized_keys"),
          pidFile: join(dir, `sshd.${i}.pid`),
          env: { HOME: home, ...env },
          extra,
        }),
      );
      logFiles.push(log);
      children.push(spawn(SSHD, ["-D", "-f", config, "-E", log], { stdio: "ignore" }));
    }
    await Promise.all(addresses.map((address) => waitForPort(address, port)));
  } catch (error) {
    process.removeListener("exit", stopNow);
    const logs = logFiles.map((f) => (existsSync(f) ? readFileSync(f, "utf8") : "")).join("");
    stopNow();
    throw new Error(`the sandbox sshd did not start: ${(error as Error).message}\n${logs}`, { cause: error });
  }

  const user = userInfo().username;
  return {
    dir,
    port,
    key,
    user,
    home,
    addresses,
    spec: addresses.map((address) => `${user}@${address}:${port}`).join(","),
    pids: children.map((child) => child.pid ?? -1),
    hostOptions: { key, hostKeyCheck: "none", sshOptions: ["-F", "/dev/null", "-o", "IdentitiesOnly=yes"] },
    logs: () => logFiles.map((f) => (existsSync(f) ? readFileSync(f, "utf8") : "")).join(""),
    async stop() {
      process.removeListener("exit", stopNow);
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once("exit", () => resolve());
              child.kill("SIGTERM");
            }),
        ),
      );
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function keygen(path: string): void {
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "dk-sandbox", "-f", path], { stdio: "ignore" });
}
