import * as transfer from "./transfer/transfer.ts";
import { closingHere } from "./ssh/closed-here.ts";
import { closeMaster, connectionArgs } from "./ssh/connection.ts";
import { closeNative } from "./ssh/transport.ts";
import { runLocal } from "./run.ts";
import { inFlightAs } from "./run/in-flight.ts";
import { runRemote } from "./remote-run.ts";
import { layer } from "./scoped.ts";
import { scpOptionArgs, sshCommandLine } from "./ssh/tool-args.ts";
import type { Command, CommandResult, DownloadOptions, Encoding, Output, RemoteDefaults } from "./types.ts";
import type { RemoteRunOptions, RunOptions, TransferResult, UploadOptions } from "./types.ts";
import { HostSettings } from "./host-settings.ts";
import { assertRunOptions } from "./run-options.ts";

/** A machine reached over ssh, with its connection settings and your typed `meta`. */
export class Host<Meta = Record<string, unknown>> extends HostSettings<Meta> {
  /**
   * Runs `command` on the host over ssh; `cwd`, `env`, `prefix` and `becomeRoot` apply on the host, the ssh options to
   * this run. Options given here win over the host's `with()` defaults (`env` merges, `prefix` chains).
   */
  run<E extends Encoding = "utf8">(
    command: Command,
    options: RemoteRunOptions<E> = {},
  ): Promise<CommandResult<Output<E>>> {
    return runRemote(this, command, options, this.defaults);
  }

  /**
   * This host with `defaults` for every run (`run`, `runLocal`), on top of its own: a relative `cwd` joins the current
   * one (a path on the host for `run`), `env` merges, prefixes chain. This host is unchanged; both share a connection.
   * @example const app = host.with({ cwd: "/srv/app", prefix: "source venv/bin/activate" }); await app.run("pytest");
   */
  with(defaults: RemoteDefaults): Host<Meta> {
    assertRunOptions(defaults, "host.with()");
    const scoped: Host<Meta> = Object.create(Object.getPrototypeOf(this) as object);
    return Object.assign(scoped, this, { defaults: layer(this.defaults, defaults, "remote") });
  }

  /** The ssh options that reach this host, shared connection included: for tools that take them, e.g. `rsync -e`. */
  sshArgs(): Promise<string[]> {
    return connectionArgs(this);
  }

  /** `ssh` and `sshArgs()` as one command line, quoted for `rsync -e` (and a shell). */
  async sshCommand(): Promise<string> {
    return sshCommandLine(await connectionArgs(this));
  }

  /** `sshArgs()` spelled for scp: the port as `-P`, the user as `-o User=`; the destination is `hostname:path`. */
  async scpArgs(): Promise<string[]> {
    return scpOptionArgs(await connectionArgs(this));
  }

  /**
   * Copies a local file or directory to `remotePath` with rsync over this host's ssh connection, and prints one line of
   * what moved. A directory's contents become `remotePath`; a file goes into `remotePath` when it ends in `/` or is a
   * directory, else is written as `remotePath` (to a temporary name first, then renamed). `TransferError` on failure.
   */
  async upload(localPath: string, remotePath: string, options: UploadOptions = {}): Promise<TransferResult> {
    // Loaded with core, not on first use: another lazy chunk splits core's shared code into more modules to load.
    return inFlightAs(this.commandPrefix, transfer.upload(this, localPath, remotePath, options));
  }

  /** Copies a file or directory on this host to `localPath`, as `upload` does the other way. */
  async download(remotePath: string, localPath: string, options: DownloadOptions = {}): Promise<TransferResult> {
    return inFlightAs(this.commandPrefix, transfer.download(this, remotePath, localPath, options));
  }

  /**
   * Closes the connection shared with this host, if one is open (e.g. after it was told to reboot: the connection
   * belongs to the boot that is ending); the next `run` opens a new one. In flight until closed, as a command is.
   */
  async closeConnection(): Promise<void> {
    closingHere(this.commandPrefix);
    await inFlightAs(this.commandPrefix, Promise.all([closeMaster(this, this.commandPrefix), closeNative(this)]));
  }

  /**
   * Runs `command` on this machine, its output tagged with the host (e.g. rsync to the host). Of the `with()` defaults
   * only `timeout`, `check`, `echo`, `stdout` and `stderr` apply: the others describe the host's shell.
   */
  async runLocal<E extends Encoding = "utf8">(
    command: Command,
    options: RunOptions<E> = {},
  ): Promise<CommandResult<Output<E>>> {
    // cwd, env, prefix and becomeRoot describe the host's shell; output and failure defaults hold here too.
    const { timeout, check, echo, stdout, stderr } = this.defaults;
    const local = { timeout, check, echo, stdout, stderr };
    return runLocal(
      command,
      options,
      { tag: this.commandPrefix, host: this.commandPrefix, call: "host.runLocal()" },
      local,
    );
  }
}
