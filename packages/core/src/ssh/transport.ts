import { defaultTransport, tracer } from "../settings.ts";
import type { Opener } from "../run/child.ts";
import type { Transport } from "../types.ts";
import { keepsNotices, SSH_NOTICES, type SshTarget } from "./argv.ts";
import type { LeadingLines } from "../output/skip-leading.ts";
import { withDefaults, type CallSsh } from "./connection.ts";

export { TransportError } from "./transport-error.ts";

type Native = typeof import("./native/route.ts");
let loading: Promise<Native> | undefined;

// The native transport's code (ssh config resolution aside) loads with the first host that may use it: a run of
// local commands, or one through ssh alone, never compiles it.
function native(): Promise<Native> {
  loading ??= import("./native/route.ts");
  return loading;
}

/** A host the transport may reach natively: its own setting, or the process-wide one. */
export type Routable = SshTarget & {
  readonly transport?: Transport | undefined;
  readonly reuseConnection?: boolean | undefined;
};

/**
 * How `script` reaches `target` natively, or undefined when it goes through ssh (`openssh`, or `auto` chose it).
 * `args` are the ssh options it stands for: the same as ssh would get, less connection sharing.
 */
export async function nativeRoute(
  target: Routable,
  call: CallSsh,
  script: string,
): Promise<{ readonly args: string[]; readonly open: Opener; readonly skipLeading?: LeadingLines } | undefined> {
  const setting = target.transport ?? defaultTransport();
  // A run that asks for ssh's own debug output (`verboseSsh`) asks for ssh, whatever the transport.
  if (setting === "openssh" || target.verboseSsh) {
    traceOnce(
      target.hostname,
      setting === "openssh" ? "transport openssh (asked for)" : "transport openssh (verboseSsh)",
    );
    return undefined;
  }
  const args = nativeArgs(target, call);
  // Without reuse (the host's setting, or DEPLOYKIT_SSH_REUSE=0) each command gets a connection of its own.
  const fresh =
    (call.freshConnection ?? false) || target.reuseConnection === false || process.env.DEPLOYKIT_SSH_REUSE === "0";
  const open = await (await native()).nativeOpenerFor(setting, target.hostname, args, script, fresh);
  if (open === undefined) return undefined;
  return keepsNotices(target) ? { args, open, skipLeading: SSH_NOTICES } : { args, open };
}

// What native resolves: dk's own ssh run's options (sshBinaryRun), ssh's log level kept where that run keeps it
// (keepsNotices), so the server's banner shows; the notice of a key added to /dev/null is dropped as from ssh.
function nativeArgs(target: Routable, call: CallSsh): string[] {
  return withDefaults(target, { ...call, notices: keepsNotices(target) });
}

const traced = new Set<string>();

// One line per host and decision, however many commands it runs.
function traceOnce(hostname: string, message: string): void {
  const trace = tracer();
  if (trace === undefined || traced.has(`${hostname} ${message}`)) return;
  traced.add(`${hostname} ${message}`);
  trace(`${hostname}: ${message}`);
}

/** Closes `target`'s native connection if it has one open (its host reboots: the connection belongs to that boot). */
export async function closeNative(target: Routable): Promise<void> {
  const setting = target.transport ?? defaultTransport();
  // No native connection was ever chosen while its code has not been loaded.
  if (setting === "openssh" || loading === undefined) return;
  await (await loading).closeChosen(setting, target.hostname, nativeArgs(target, {}));
}
