import { hostname, userInfo } from "node:os";
import { CommandError, printer, type Host } from "@deploykit/core";
import { failureReason } from "./diagnose.ts";
import { DeployStop } from "./errors.ts";
import { keep, type KeeperLogin } from "./keeper.ts";
import { acquireScript, BUSY_EXIT, LEASE_S, lockFile, releaseScript, renewScript } from "./lock-script.ts";
import { holding, keeperLost } from "./lock-exit.ts";
import { busyReason } from "./busy-reason.ts";
import { keepRenewing } from "./renewal.ts";
import { bounded, STEP_MS } from "./bounds.ts";

// dk renews its lease this often while it works on the host: three renewals fit in one lease.
const RENEW_MS = (LEASE_S * 1000) / 3;

/**
 * A deployment's lock on one host's configuration directory (lock-script.ts), taken; `release` when done there, with
 * `fresh` over a new connection and briefly (after Ctrl-C, or when the host was lost). `keeperLogin`: whether the host
 * took the keeper's login, a new connection that asks nothing (keeper.ts).
 */
export type HostLock = {
  release(fresh?: boolean): Promise<void>;
  keeperLogin(signal: AbortSignal): Promise<KeeperLogin>;
};

/**
 * How a lock is taken: Ctrl-C (`signal`), its lease's renewal (`renewMs`), the bound of taking it (`stepMs`), and
 * whether the deployment activates a system, so holds the host's guard too (host-lock-script.ts).
 */
export type LockOptions = {
  readonly signal?: AbortSignal;
  readonly renewMs?: number;
  readonly stepMs?: number;
  readonly activating?: boolean;
};

/**
 * Takes the lock of `configDir` on `host` for deployment `id`, before anything is sent there. Another deployment
 * holding it (from this machine or another) is a `DeployStop` "skipped" naming it: two deployments never mirror into
 * the same directory or activate it at once. The lease is renewed every `renewMs` ms until `release`. Aborting `signal`
 * (Ctrl-C) stops taking it: a `DeployStop` "stopped", once the lock it may have taken is let go.
 */
export async function lockHost(
  host: Host<unknown>,
  configDir: string,
  id: string,
  { signal, renewMs = RENEW_MS, stepMs = STEP_MS, activating = false }: LockOptions = {},
): Promise<HostLock> {
  const file = lockFile(configDir);
  const run = (script: string, freshConnection = false, stop?: AbortSignal) =>
    host.run(script, {
      becomeRoot: true,
      quiet: true,
      stdout: "pipe",
      stderr: "pipe",
      dryRun: false,
      ...(stop ? { signal: stop } : {}),
      timeout: freshConnection ? 20_000 : stepMs,
      ...(freshConnection ? { freshConnection, connectTimeout: 5, batchMode: true } : {}),
    });
  // Until let go, dk's exit says what it leaves.
  const held = holding(host.commandPrefix, configDir, file);
  // The host lets go of the lock once this run ends, even if dk exits first (a second Ctrl-C): started before the lock
  // is taken, so that it is there for a lock taken as dk exits.
  // Said once the lock is taken: a host where it was not (out of reach, busy) has no lock to keep.
  let taken = false;
  let unkept: string | undefined;
  const say = (why: string) => printer().notice(host.commandPrefix, keeperLost(configDir, why));
  const keeper = keep(host, file, id, (why) => {
    held.unkept();
    if (taken) say(why);
    else unkept = why;
  });
  // Over a new connection, briefly: the answer of the run that took it was lost (or cut).
  const letGo = () => run(releaseScript(file, id), true).catch(() => undefined);
  try {
    const acquired = await bounded(
      run(acquireScript(file, id, controller(), activating ? configDir : undefined), false, signal),
      `taking the deployment lock of ${configDir}`,
      stepMs,
      "lock",
    );
    // The host's guard, where the host keeps it: dk's exit names it beside the lock.
    const guard = /^dk-guard (\S+)$/m.exec(acquired.stdout)?.[1];
    if (guard !== undefined) held.guarded(guard);
  } catch (error) {
    await keeper.stop();
    if (error instanceof CommandError && error.exitCode === BUSY_EXIT && !error.interrupted) {
      held.drop();
      throw new DeployStop("lock", "skipped", busyReason(configDir, String(error.stdout)));
    }
    // It may have taken the lock before the answer was lost or cut (Ctrl-C, no answer in time): let go of it (only if
    // it is this deployment's), so that the next deployment is not kept out for a lease.
    const taken = signal?.aborted || error instanceof DeployStop;
    if (taken) await letGo();
    held.drop();
    if (signal?.aborted) throw new DeployStop("lock", "stopped", INTERRUPTED);
    if (!taken) throw new DeployStop("lock", "failed", failureReason("lock", error));
    throw error;
  }
  taken = true;
  if (unkept !== undefined) say(unkept);
  // A renewal that fails only shortens the lease: the deployment's own steps say what went wrong with the host.
  const renewal = renewScript(file, id);
  const renewing = keepRenewing((stop) => run(renewal, false, stop).then(held.renewed), renewMs);
  return {
    keeperLogin: (stop) => keeper.login(stop),
    async release(fresh = false) {
      // When the run's connections were cut or lost, a renewal over them would only hold the release up.
      await renewing.stop(fresh);
      await keeper.stop();
      await run(releaseScript(file, id), fresh).catch(() => undefined);
      held.drop();
    },
  };
}

const INTERRUPTED =
  "stopped: interrupted while taking the deployment lock; nothing was sent, the system did not change";

// Who deploys, as the lock tells others: this user, machine and process; read once (userInfo reads the passwd file).
let who: string | undefined;
function controller(): string {
  who ??= `${userInfo().username}@${hostname()} pid ${process.pid}`.replace(/[^\w.@:+ -]/g, "?");
  return who;
}
