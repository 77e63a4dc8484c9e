import { LEASE_S } from "./lock-script.ts";

/** A deployment lock dk holds on a host, as the exit notice names it. */
type Held = {
  readonly host: string;
  readonly configDir: string;
  readonly file: string;
  /** The host's guard (host-lock-script.ts), held with the lock by a deployment that activates. */
  guard?: string;
  leaseEndMs: number;
  /** Whether a keeper on the host lets go of the lock once dk's connection closes. */
  kept: boolean;
};

const held = new Set<Held>();

/**
 * Notes a lock taken on `host` (its lease renewed by `renewed`; `unkept` once the host's keeper is gone) until `drop`:
 * should dk exit meanwhile (a second Ctrl-C), it says on stderr which locks it leaves, how long each may stay, and how
 * to clear one.
 */
export function holding(
  host: string,
  configDir: string,
  file: string,
): { renewed(): void; unkept(): void; guarded(guard: string): void; drop(): void } {
  const entry: Held = { host, configDir, file, leaseEndMs: Date.now() + LEASE_S * 1000, kept: true };
  if (held.size === 0) process.on("exit", notice);
  held.add(entry);
  return {
    renewed: () => void (entry.leaseEndMs = Date.now() + LEASE_S * 1000),
    unkept: () => void (entry.kept = false),
    guarded: (guard) => void (entry.guard = guard),
    drop() {
      held.delete(entry);
      if (held.size === 0) process.off("exit", notice);
    },
  };
}

// At exit, synchronously: one line per lock left.
function notice(): void {
  for (const { host, configDir, file, guard, leaseEndMs, kept } of held) {
    const when = kept ? "the host lets go of it once it sees dk's connection close; out of reach, it" : "the host";
    process.stderr.write(
      `[${host}] dk exits before letting go of the deployment lock of ${configDir}: ${when} keeps it until ` +
        `${clock(leaseEndMs / 1000)} (later while an activation runs there); ` +
        `to clear it sooner, once no deployment runs there: rm -f ${file}${guard === undefined ? "" : ` ${guard}`} ` +
        "(as root)\n",
    );
  }
}

/** What a keeper that never ran means: dk dying, or losing the host, leaves the lock for its lease. */
export const keeperLost = (configDir: string, why: string) =>
  `no keeper for the deployment lock of ${configDir} on the host (${why}): should dk die or lose the host now, ` +
  `the lock stays until its lease runs out (${LEASE_S} s after dk last renewed it) and deployments there skip the host`;

/** A time as the lock's messages give it: `2026-01-31 12:00:00 UTC`. */
export const clock = (epochS: number) =>
  new Date(epochS * 1000)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");
