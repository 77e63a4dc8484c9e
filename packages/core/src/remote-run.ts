import { randomBytes } from "node:crypto";
import { controlPath, type CallSsh } from "./ssh/connection.ts";
import { sshBinaryRun } from "./ssh/ssh-binary.ts";
import { execute } from "./run/execute.ts";
import { inFlightAs } from "./run/in-flight.ts";
import type { Invocation, Prepared } from "./run/invocation.ts";
import { nativeRoute, type Routable } from "./ssh/transport.ts";
import { assertSudoPassword, sudoPassword } from "./run/sudo-password.ts";
import { remoteCommand } from "./ssh/remote-command.ts";
import { unsendable } from "./ssh/command-size.ts";
import { displayCommand, stdinOf } from "./run.ts";
import { sshArgv } from "./ssh/argv.ts";
import { hungAgentArgs } from "./ssh/agent-hangs.ts";
import { mayBlock } from "./ssh/unframe.ts";
import { exitMark } from "./ssh/exit-mark.ts";
import { layer, prefixed } from "./scoped.ts";
import type { Command, CommandResult, Encoding, Output, RemoteDefaults, RemoteRunOptions } from "./types.ts";
import { assertRunOptions } from "./run-options.ts";
import { assertCommand } from "./validate.ts";

/** What a remote run needs of its host. */
export type RemoteHost = Routable & { readonly commandPrefix: string };

/**
 * Runs `command` on `host` over ssh with `defaults` under the call's options: `cwd`, `env`, `prefix` and
 * `becomeRoot` apply on the host, the ssh options to this run. The body of `host.run`; in flight from the call on,
 * while it still connects (see inFlight). `named` is what the "still waiting" notice calls a long script (a staged
 * upload's step as root), rather than its start.
 */
export function runRemote<E extends Encoding = "utf8">(
  host: RemoteHost,
  command: Command,
  options: RemoteRunOptions<E>,
  defaults: RemoteDefaults,
  named?: string,
): Promise<CommandResult<Output<E>>> {
  return inFlightAs(host.commandPrefix, startRemote(host, command, options, defaults, named));
}

async function startRemote<E extends Encoding>(
  host: RemoteHost,
  command: Command,
  options: RemoteRunOptions<E>,
  defaults: RemoteDefaults,
  named: string | undefined,
): Promise<CommandResult<Output<E>>> {
  assertCommand(command);
  assertRunOptions(options, "host.run()", defaults);
  assertSudoPassword(options.sudoPassword);
  const opts = layer(defaults, options, "remote");
  const { run: line, display } = prefixed(command, opts.prefix);
  // An interactive command on a terminal gets one on the host: ssh -tt, whose pty ends the command if ssh goes.
  const tty = opts.stdin === "inherit" && process.stdin.isTTY === true;
  // Piped into this process, stdin is input like any other: sent to the supervisor, framed.
  const stdin = tty ? "inherit" : stdinOf(opts.stdin === "inherit" ? { input: process.stdin } : opts, true);
  const sudo = (opts.becomeRoot ?? false) && host.user !== "root";
  // On a terminal sudo asks there itself: a password line on stdin would be the terminal's.
  const password = sudo && !tty ? (opts.sudoPassword ?? sudoPassword()) : undefined;
  // The run's own exit mark: output that merely looks like one (another run's, a forged one) is never taken for it.
  // 12 hex digits: the mark's line end (26 bytes) stays within what a long line's cut keeps back (split-lines.ts).
  const nonce = randomBytes(6).toString("hex");
  const script = remoteCommand(line, {
    cwd: opts.cwd,
    env: opts.env,
    sudo,
    sudoPasswordOnStdin: password !== undefined,
    input: stdin !== undefined && stdin !== "inherit",
    tty,
    nonce,
  });
  const target = { ...host, verboseSsh: opts.verboseSsh ?? host.verboseSsh, sshOptions: host.sshOptions };
  const ssh = { hostname: host.hostname, port: host.port, shared: false };
  const inv: Omit<Invocation, "args"> = {
    file: "ssh",
    display: display ?? displayCommand(command),
    named,
    tag: host.commandPrefix,
    host: host.commandPrefix,
    stdin,
    exitMark: exitMark(nonce),
    cwd: opts.cwd,
    ssh,
    ...(password === undefined ? {} : { stdinLine: password }),
  };
  const refused = unsendable(script);
  // Refused before any connection is made: the host's shell (or the local ssh, E2BIG) would refuse it anyway.
  if (refused !== undefined) return execute({ ...inv, args: [], open: () => Promise.reject(new Error(refused)) }, opts);
  // Input a pipe may not hold goes over a connection of the run's own: a command that does not read it blocks the
  // watchdog's write, and then only the connection's end stops the command (sessionWatch), not a shared connection's
  // closing of the run's channel.
  const freshConnection = opts.freshConnection === true || (typeof stdin === "object" && mayBlock(stdin.input));
  // Choosing the transport may wait (ssh -G, an agent slow to list its keys): within the run's deadline and stop. A
  // dry run never gets that far: it connects nowhere.
  const prepare = () => route(target, { ...opts, freshConnection }, script, tty, ssh);
  return execute({ ...inv, args: [], prepare }, opts);
}

// How `script` reaches `target`: natively, or through the ssh binary with its options.
async function route(
  target: Routable,
  call: CallSsh,
  script: string,
  tty: boolean,
  ssh: { readonly hostname: string; readonly port?: number | undefined; readonly shared: boolean },
): Promise<Prepared> {
  // ssh itself runs a terminal session: raw mode, window size and its escapes are the ssh client's.
  const native = tty ? undefined : await nativeRoute(target, call, script);
  if (native !== undefined) {
    const { args, open, skipLeading } = native;
    return { args: sshArgv(target, script, args), ssh, open, skipLeading };
  }
  const { freshConnection, connectTimeout, batchMode } = call;
  const binary = await sshBinaryRun(target, { freshConnection, connectTimeout, batchMode }, tty);
  const { ready, skipLeading } = binary;
  const args = [...binary.args, ...(await hungAgentArgs(target.sshOptions))];
  const shared = controlPath(args) !== undefined;
  return { args: sshArgv(target, script, tty ? [...args, "-tt"] : args), ssh: { ...ssh, shared }, ready, skipLeading };
}
