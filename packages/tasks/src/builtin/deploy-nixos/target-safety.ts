import type { Host } from "@deploykit/core";
import { OptionError } from "../input.ts";
import type { Safety } from "./safety-options.ts";
import type { NixosMeta } from "./types.ts";

// The host part of `[user@]host`, as nixos-rebuild hands it to ssh; `[::1]` without brackets.
const machineOf = (target: string) =>
  target
    .replace(/^[^@]*@/, "")
    .replace(/^\[(.*)\]$/, "$1")
    .toLowerCase();

/**
 * Refuses a host whose `meta.targetHost` is another machine when the magic rollback is armed or `reboot` is on: both
 * act on the host dk logs into (its running system, its health check, its reboot), while nixos-rebuild activates the
 * target. Before anything is sent; under dk, bad usage of --target-host.
 */
export function assertTargetSafety(host: Host<NixosMeta>, safety: Safety): void {
  const target = host.meta?.targetHost;
  if (target === undefined) return;
  const machine = machineOf(target);
  if (["localhost", "127.0.0.1", "::1", host.hostname.toLowerCase()].includes(machine)) return;
  const armed = safety.confirmTimeoutS !== undefined;
  if (!armed && !safety.reboot) return;
  const what = armed ? "the magic rollback (on for switch and test)" : "the reboot after boot";
  const [fix, flag] = armed ? ["set rollback: false", "add --no-rollback"] : ["drop reboot", "drop --reboot"];
  const why = `acts on the host dk logs into (${host.commandPrefix}), not on ${target} where nixos-rebuild activates`;
  throw new OptionError(
    "targetHost",
    ` ${target}: ${what} ${why}; deploy to ${target} as a host of its own, or ${flag}`,
    `Expected \`meta.targetHost\` of host \`${host.commandPrefix}\` to be the host itself with ${what}, got ` +
      `\`${target}\`: it ${why}; deploy to ${target} as a host of its own, or ${fix}`,
  );
}
