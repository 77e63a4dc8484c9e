import { CommandError, type Host } from "@deploykit/core";
import { KEEPER_UP, keeperScript, keeperUpScript } from "./keeper-script.ts";

/** How the keeper's login went: it ran there ("up"), ssh or the host ended it first ("failed"), or unknown in time. */
export type KeeperLogin = { readonly kind: "up" | "unknown" } | { readonly kind: "failed"; readonly error: unknown };

/** A lock's keeper on its host: `login` tells how its login went; `stop` ends it and returns once it has ended. */
export type Keeper = { login(signal: AbortSignal): Promise<KeeperLogin>; stop(): Promise<void> };

// Seconds `login` waits for the keeper's mark: about as long as ssh may take to log in.
const LOGIN_S = 30;

/**
 * Runs keeperScript on `host` until `stop`. On a connection of its own: dk closes the shared one before it confirms,
 * and the keeper must outlive that. Never prompting: a question beside the deployment's own would wait forever. So its
 * login is the kind the armed rollback's confirmation needs, and `login` says whether the host took it. One that never
 * ran there (no login without a prompt) leaves only the lease, which `unkept` hears of with the reason; one that ran
 * has let go of the lock as it ended.
 */
export function keep(host: Host<unknown>, file: string, id: string, unkept: (why: string) => void): Keeper {
  const controller = new AbortController();
  const root = { becomeRoot: true, quiet: true, dryRun: false, stdout: "pipe", stderr: "pipe" } as const;
  const own = { freshConnection: true, batchMode: true, signal: controller.signal } as const;
  const ended = host.run(keeperScript(file, id), { ...root, ...own }).then(
    (): KeeperLogin => ({ kind: "up" }),
    (error: unknown): KeeperLogin => {
      if (error instanceof CommandError && String(error.stdout).includes(KEEPER_UP)) return { kind: "up" };
      if (controller.signal.aborted) return { kind: "unknown" };
      unkept(error instanceof CommandError ? error.reason : String(error));
      return { kind: "failed", error };
    },
  );
  return {
    // Its mark on the host (asked over the shared connection: no login of its own), or its end, whichever comes first.
    async login(signal) {
      const done = new AbortController();
      const asked = host
        .run(keeperUpScript(id, LOGIN_S), {
          ...root,
          check: false,
          timeout: (LOGIN_S + 15) * 1000,
          signal: AbortSignal.any([signal, done.signal]),
        })
        .then(
          (result): KeeperLogin => ({ kind: result.exitCode === 0 ? "up" : "unknown" }),
          (): KeeperLogin => ({ kind: "unknown" }),
        );
      const first = await Promise.race([ended, asked]);
      done.abort();
      await asked;
      return first;
    },
    async stop() {
      controller.abort();
      await ended;
    },
  };
}
