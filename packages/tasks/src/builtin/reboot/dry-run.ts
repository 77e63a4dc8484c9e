import { HostResult, type Host } from "@deploykit/core";
import { choosePing } from "./no-ping.ts";
import type { Resolved } from "./options.ts";
import { loginUser, type SshConfigs } from "./target.ts";
import type { RebootResult } from "./types.ts";

/**
 * Says what would happen and touches no host, like core's dry run: the reboot command as it would run, through sudo
 * for a login user other than root (the user ssh's configuration names when the host names none).
 */
export async function dryRun<Meta>(
  hosts: readonly Host<Meta>[],
  o: Resolved,
  configs: SshConfigs,
): Promise<HostResult<RebootResult, Meta>[]> {
  const { note } = await choosePing(hosts, configs, true);
  if (note !== undefined) o.output.write(`note: ${note}\n`);
  const users = await Promise.all(hosts.map((host) => loginUser(host, configs)));
  return hosts.map((host, i) => {
    const name = host.commandPrefix;
    o.output.write(
      `[${name}] would run ${asRun(o.command, users[i])} and wait up to ${o.timeoutMs / 1000} s for a new boot id` +
        " (dry run)\n",
    );
    const result: RebootResult = {
      host: name,
      bootIdBefore: "",
      bootIdAfter: "",
      probe: "ping",
      downSeen: false,
      durationMs: 0,
      times: { started: Date.now() },
      dryRun: true,
    };
    return HostResult.ok<RebootResult, Meta>(host, result);
  });
}

// The command as the login user runs it: as it is for root, else through sudo (remote.ts runs it with becomeRoot). No
// sudo flags: core picks `-n`, or `-S` when a sudo password was given (dk --ask-sudo-password), which this cannot see.
function asRun(command: string, user: string | undefined): string {
  if (user === "root") return `\`${command}\``;
  if (user === undefined) return `\`${command}\` as root (through sudo unless the login user is root)`;
  return `\`${command}\` through sudo (logged in as ${user})`;
}
