import { CommandError } from "@deploykit/core";
import { DeployStop } from "./errors.ts";
import type { HostLock } from "./lock.ts";

// What ssh says when it will never log in this way, however often it tries.
const REFUSED = /Permission denied \(|Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/;

// Ctrl-C during the check (or as it ended): the step is the check, before anything is sent.
const INTERRUPTED =
  "stopped: interrupted while checking that the host takes a new ssh login asking nothing (the rollback's " +
  "confirmation needs one); nothing was sent, the system did not change";

/**
 * Refuses a host that takes no new ssh connection asking nothing (a key that needs a passphrase with no agent, a
 * password given to an askpass program): the armed rollback is confirmed over just such a connection, so the host
 * would go back by itself after every activation. The lock's keeper logs in just so (keeper.ts): its login is the
 * check, which costs no login of its own. A `DeployStop` before anything is sent; other failures pass. Ctrl-C
 * (`signal`) is a `DeployStop` "stopped" of the lock step, which the check belongs to.
 */
export async function assertFreshLogin(lock: HostLock, signal: AbortSignal): Promise<void> {
  const login = await lock.keeperLogin(signal);
  if (signal.aborted) throw new DeployStop("lock", "stopped", INTERRUPTED);
  if (login.kind !== "failed") return;
  const { error } = login;
  if (!(error instanceof CommandError) || error.interrupted || !REFUSED.test(String(error.stderr))) return;
  throw new DeployStop(
    "confirm",
    "failed",
    "not deployed: the magic rollback is confirmed over a new ssh connection that asks nothing, which the host " +
      `refuses (${error.reason}), so it would go back by itself; nothing was sent: let dk log in without a ` +
      "prompt (ssh-agent), or deploy with --no-rollback",
  );
}
