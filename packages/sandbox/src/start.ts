import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import { loopbackAddresses } from "./addresses.ts";
import { checkOptionKeys, checkSshdOptions } from "./check-options.ts";
import { assertFdLimit } from "./fd-limit.ts";
import { freePortOn } from "./free-port.ts";
import { keygen } from "./keygen.ts";
import { MARK } from "./marked.ts";
import { onExit } from "./on-exit.ts";
import { watchOwner } from "./owner-watch.ts";
import { endLeftSshds, PortTakenError, startSshds, type SshdProcesses } from "./sshd-processes.ts";
import { markOwner, removeStaleDirs } from "./stale-dirs.ts";
import { assertTools } from "./tools.ts";
import type { Sandbox, SandboxOptions } from "./types.ts";
import { checkedTempDir, makeTempDir } from "./temp-dir.ts";

const DIR_PREFIX = "dk-sandbox-";
// Fleets started at the same moment can pick the same port; the loser picks again, this often at most.
const PORT_ATTEMPTS = 5;

/**
 * Starts `hosts` loopback hosts (127.0.0.2, .3, …, then 127.0.1.1, …) served by throwaway sshd processes with their
 * own keys.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  checkOptionKeys(options, ["hosts", "firstOctet", "env", "sshdConfig"], "startSandbox()");
  const { hosts = 3, firstOctet = 2, env = {}, sshdConfig: extra = [] } = options;
  const addresses = loopbackAddresses(hosts, firstOctet);
  checkSshdOptions(env, extra);
  assertFdLimit(hosts);
  assertTools("sandbox hosts", [
    ["sshd", "openssh-server"],
    ["ssh-keygen", "openssh-client"],
  ]);
  // sshd run by root refuses to start without its privilege-separation directory; run by another user it needs none.
  if (process.getuid?.() === 0 && !existsSync("/run/sshd")) mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });

  // Private (0700): it holds the client's key; nothing of it outlives the sandbox, even when stop() is never called,
  // and what a killed process left (no clean-up runs at SIGKILL) goes when the next sandbox starts.
  const parent = checkedTempDir();
  removeStaleDirs(DIR_PREFIX, endLeftSshds, parent);
  const dir = makeTempDir(DIR_PREFIX, parent);
  // A process that dies without its clean-up (a signal it has no listener for, SIGKILL) leaves nothing for long.
  const unwatch = watchOwner(dir);
  let sshds: SshdProcesses | undefined;
  const stopNow = () => {
    sshds?.stopNow();
    rmSync(dir, { recursive: true, force: true });
    unwatch();
  };
  const forgetStopNow = onExit(stopNow);
  const home = join(dir, "home");
  const key = join(dir, "client_key");
  let port = 0;
  try {
    markOwner(dir);
    mkdirSync(home);
    await keygen(join(dir, "host_key"), "dk-sandbox");
    await keygen(key, "dk-sandbox");
    copyFileSync(`${key}.pub`, join(dir, "authorized_keys"));
    const files = {
      dir,
      hostKey: join(dir, "host_key"),
      authorizedKeys: join(dir, "authorized_keys"),
      env: { HOME: home, ...env, [MARK]: dir },
      extra,
    };
    for (let n = 0; sshds === undefined; n++) {
      port = await freePortOn(addresses);
      try {
        sshds = await startSshds(addresses, port, files);
      } catch (error) {
        if (!(error instanceof PortTakenError) || n + 1 >= PORT_ATTEMPTS) throw error;
      }
    }
  } catch (error) {
    forgetStopNow();
    stopNow();
    throw error;
  }
  const { children, logs, stop } = sshds;

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
    logs,
    async stop() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
      // Only now: the process may exit while the stop is under way (dk at Ctrl-C, with the task's finally waiting).
      forgetStopNow();
      unwatch();
    },
  };
}
