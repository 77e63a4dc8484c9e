import type { Host } from "@deploykit/core";
import { OptionError } from "../input.ts";
import type { Safety } from "./safety-options.ts";
import type { NixosAction, NixosMeta } from "./types.ts";
import type { SshIdentity } from "../reboot/distinct.ts";

// The host part of `[user@]host`, as nixos-rebuild hands it to ssh; `[::1]` without brackets.
const machineOf = (target: string) =>
  target
    .replace(/^[^@]*@/, "")
    .replace(/^\[(.*)\]$/, "$1")
    .toLowerCase();

// The machine whose system `host` deploys: the target named in its meta, else the host itself.
function targetOf(host: Host<NixosMeta>): string {
  const target = host.meta?.targetHost;
  const machine = target === undefined ? "localhost" : machineOf(target);
  return ["localhost", "127.0.0.1", "::1", host.hostname.toLowerCase()].includes(machine) ? host.toString() : machine;
}

/** Whether `host` activates its own system (no `meta.targetHost` on another machine). */
export const activatesItself = (host: Host<NixosMeta>) => targetOf(host) === host.toString();

/**
 * Refuses a list that deploys one system twice (one host, whatever its configDir, to the same target): both would run
 * nixos-rebuild there at once. A host is known by `identities` (as ssh resolves it, sshIdentities), so that `web1`
 * and `web1:22` are one. Hosts that reach other targets (`meta.targetHost`) may share a login host. Under dk, bad
 * usage of --hosts.
 */
export function assertOncePerTarget(
  hosts: readonly Host<NixosMeta>[],
  identities: readonly (SshIdentity | undefined)[],
): void {
  const seen = new Map<string, Host<NixosMeta>>();
  for (const [i, host] of hosts.entries()) {
    const target = targetOf(host);
    const itself = target === host.toString();
    const key = `${identities[i]?.key ?? host.toString()} ${itself ? "itself" : target}`;
    const first = seen.get(key);
    seen.set(key, host);
    if (first === undefined) continue;
    const what =
      first.toString() === host.toString()
        ? `\`${host.toString()}\` twice`
        : `\`${first.toString()}\` and \`${host.toString()}\`, one host to ssh (${identities[i]!.label})`;
    const why = "it would be deployed twice at once, two nixos-rebuild runs on one system; list it once";
    throw new OptionError("hosts", `: got ${what}: ${why}`, `Expected each host once, got ${what}: ${why}`);
  }
}

/**
 * Refuses a host whose `meta.targetHost` is another machine when the magic rollback is armed, `reboot` is on or `diff`
 * would run: each acts on the host dk logs into (its running system, its health check, its reboot, the system the diff
 * compares with), while nixos-rebuild activates the target. Before anything is sent; under dk, bad usage of
 * --target-host.
 */
export function assertTargetSafety(host: Host<NixosMeta>, safety: Safety, action: NixosAction): void {
  const target = host.meta?.targetHost;
  if (target === undefined) return;
  const machine = machineOf(target);
  if (["localhost", "127.0.0.1", "::1", host.hostname.toLowerCase()].includes(machine)) return;
  // What acts on the wrong host, and how to go without it: in dk's words, then in the library's.
  const [what, flag, fix] =
    safety.confirmTimeoutS !== undefined
      ? ["the magic rollback (on for switch and test)", "add --no-rollback", "set rollback: false"]
      : safety.reboot
        ? ["the reboot after boot", "drop --reboot", "drop reboot"]
        : safety.diff && action !== "build" && action !== "dry-activate"
          ? ["the diff (it compares with the system running there)", "drop --diff", "drop diff"]
          : [];
  if (what === undefined) return;
  const why = `acts on the host dk logs into (${host.commandPrefix}), not on ${target} where nixos-rebuild activates`;
  throw new OptionError(
    "targetHost",
    ` ${target}: ${what} ${why}; deploy to ${target} as a host of its own, or ${flag}`,
    `Expected \`meta.targetHost\` of host \`${host.commandPrefix}\` to be the host itself with ${what}, got ` +
      `\`${target}\`: it ${why}; deploy to ${target} as a host of its own, or ${fix}`,
  );
}
