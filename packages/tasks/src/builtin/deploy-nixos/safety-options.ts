import { fail, OptionError } from "../input.ts";
import type { DetachMode } from "./activation.ts";
import type { DeployNixosOptions, NixosAction } from "./types.ts";

/** The safety options, checked and with defaults applied; durations in seconds. */
export type Safety = {
  /** Seconds the host waits for the confirmation; undefined: no armed rollback. */
  readonly confirmTimeoutS: number | undefined;
  readonly healthTimeoutS: number;
  readonly detach: DetachMode;
  /** Hosts per batch. */
  readonly batchSize: number;
  readonly canary: string | undefined;
  readonly maxFailures: number;
  readonly reboot: boolean;
  readonly rebootTimeoutS: number;
  readonly diff: boolean;
};

const DAY = 86_400;
const DETACH: readonly DetachMode[] = ["auto", "systemd-run", "setsid"];

function seconds(what: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 1 || value > DAY) {
    fail(what, `a number of seconds from 1 to ${DAY} (seconds, not milliseconds)`, value);
  }
  return Math.ceil(value);
}

function flag(what: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") fail(what, "a boolean", value);
  return value;
}

/** `N` hosts or `N%` of `hosts` (at least one) per batch. */
export function batchSize(batch: unknown, hosts: number): number {
  if (batch === undefined) return Math.max(1, hosts);
  const text = typeof batch === "number" ? String(batch) : batch;
  const match = typeof text === "string" ? /^([1-9]\d*)(%?)$/.exec(text.trim()) : null;
  if (match === null || (match[2] === "%" && Number(match[1]) > 100)) {
    fail("batch", 'a positive whole number of hosts, or a percentage from 1% to 100% (like "25%")', batch);
  }
  const n = Number(match[1]);
  return match[2] === "%" ? Math.max(1, Math.ceil((hosts * n) / 100)) : n;
}

/** Checks the safety options before any host is touched (programmer mistakes are TypeErrors). */
export function resolveSafety(o: DeployNixosOptions, action: NixosAction, hosts: number): Safety {
  const armable = action === "switch" || action === "test";
  const rollback = flag("rollback", o.rollback, true);
  const confirmTimeoutS = seconds("confirmTimeout", o.confirmTimeout, 30);
  const reboot = flag("reboot", o.reboot, false);
  if (reboot && action !== "boot") {
    // The value is fine; the action is what must change, so the message names the action. Under dk: bad usage.
    throw new OptionError(
      "reboot",
      `: only with --action boot (it reboots into the system boot made the default), got --action ${action}`,
      `Expected \`reboot\` only with action "boot" (it reboots into the system boot made the default), ` +
        `got action \`${action}\`: use action "boot", or drop reboot`,
    );
  }
  // Without the reboot it bounds, a reboot timeout means the reboot was forgotten: the host would not be rebooted.
  if (!reboot && o.rebootTimeout !== undefined) {
    throw new OptionError(
      "rebootTimeout",
      ": only with --reboot (it bounds the reboot after the activation), which was not given: add --reboot",
      "Expected `rebootTimeout` only with `reboot` (it bounds the reboot after the activation), got no reboot: " +
        "add reboot, or drop rebootTimeout",
    );
  }
  // What only bounds the rollback's confirmation, given with the rollback turned off, was meant for a rollback.
  for (const what of ["confirmTimeout", "healthTimeout"] as const) {
    if (rollback || o[what] === undefined) continue;
    throw new OptionError(
      what,
      ": only with the magic rollback (it bounds the wait for dk's confirmation), which --no-rollback turns off: " +
        `drop one of them`,
      `Expected \`${what}\` only with \`rollback\` (it bounds the wait for dk's confirmation), got rollback false: ` +
        `drop ${what}, or rollback: false`,
    );
  }
  const { maxFailures = Infinity, detach = "auto", canary } = o;
  if (!(maxFailures === Infinity || (Number.isInteger(maxFailures) && maxFailures >= 1))) {
    fail("maxFailures", "a positive whole number of failed hosts (no limit when left out)", maxFailures);
  }
  if (!DETACH.includes(detach)) fail("detach", DETACH.join(", "), detach);
  if (canary !== undefined && (typeof canary !== "string" || canary.trim() === "")) {
    fail("canary", "a host's name", canary);
  }
  return {
    confirmTimeoutS: rollback && armable ? confirmTimeoutS : undefined,
    healthTimeoutS: seconds("healthTimeout", o.healthTimeout, 60),
    detach,
    batchSize: batchSize(o.batch, hosts),
    canary: canary?.trim(),
    maxFailures,
    reboot,
    rebootTimeoutS: seconds("rebootTimeout", o.rebootTimeout, 600),
    diff: flag("diff", o.diff, false),
  };
}

/**
 * What to say of a confirm or health timeout given with an action that arms no rollback (boot, build, dry-activate):
 * one line, or undefined. A notice rather than a refusal: presets that set them for switch keep working. Pure.
 */
export function unusedTimeoutsNote(o: DeployNixosOptions, action: NixosAction): string | undefined {
  if (action === "switch" || action === "test") return undefined;
  const given = (["confirmTimeout", "healthTimeout"] as const).filter((what) => o[what] !== undefined);
  if (given.length === 0) return undefined;
  const flag = (what: string) => `--${what.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  const names = given.map((what) => `${what} (${flag(what)})`).join(" and ");
  const [them, they, bound] = given.length === 1 ? ["it", "it does", "bounds"] : ["them", "they do", "bound"];
  return (
    `note: ${names} ${bound} the magic rollback's confirmation, which only switch and test arm; action ${action} ` +
    `activates nothing to confirm, so ${they} nothing here: drop ${them}, or deploy with switch or test\n`
  );
}
