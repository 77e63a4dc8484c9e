import { inspect, type InspectOptionsStylized } from "node:util";
import * as transfer from "./transfer/transfer.ts";
import { closingHere } from "./ssh/closed-here.ts";
import { closeMaster, connectionArgs } from "./ssh/connection.ts";
import { closeNative } from "./ssh/transport.ts";
import { runLocal } from "./run.ts";
import { inFlightAs } from "./run/in-flight.ts";
import { runRemote } from "./remote-run.ts";
import { layer } from "./scoped.ts";
import type { SshTarget } from "./ssh/argv.ts";
import { scpOptionArgs, sshCommandLine } from "./ssh/tool-args.ts";
import type { DownloadOptions, TransferResult, UploadOptions } from "./types.ts";
import type {
  Command,
  CommandResult,
  Encoding,
  HostKeyCheck,
  HostOptions,
  Output,
  RemoteDefaults,
  RemoteRunOptions,
  RunOptions,
  Transport,
} from "./types.ts";
import { assertHostOptions, type Copied } from "./host-options.ts";
import { assertRunOptions } from "./run-options.ts";
import { assertHostname } from "./validate.ts";

/** A machine reached over ssh, with its connection settings and your typed `meta`. */
export class Host<Meta = Record<string, unknown>> implements SshTarget {
  readonly hostname: string;
  readonly user: string | undefined;
  readonly port: number | undefined;
  readonly key: string | undefined;
  readonly forwardAgent: boolean;
  readonly commandPrefix: string;
  readonly hostKeyCheck: HostKeyCheck;
  /** True when `hostKeyCheck` was not given: a `StrictHostKeyChecking` in your ssh config then wins over "strict". */
  readonly hostKeyCheckDefaulted: boolean;
  readonly meta: Meta;
  readonly verboseSsh: boolean;
  readonly sshOptions: readonly string[];
  readonly reuseConnection: boolean;
  /** Its own transport; undefined follows the `transport` setting. */
  readonly transport: Transport | undefined;
  /** The options every run on this host starts from: what `with()` set (kept by a copy, `{ ...host, meta }`). */
  readonly defaults: RemoteDefaults;

  constructor(hostname: string, options: HostOptions<Meta> = {}) {
    assertHostname(hostname);
    assertHostOptions(options, "new Host()");
    const check = options.hostKeyCheck ?? "strict";
    const copied = options as HostOptions<Meta> & Partial<Copied>;
    this.hostname = hostname;
    this.user = options.user;
    this.port = options.port;
    this.key = options.key;
    this.forwardAgent = options.forwardAgent ?? false;
    this.commandPrefix = options.commandPrefix ?? hostname;
    this.hostKeyCheck = check;
    this.hostKeyCheckDefaulted =
      options.hostKeyCheck === undefined || (copied.hostKeyCheckDefaulted === true && check === "strict");
    this.meta = options.meta ?? ({} as Meta);
    this.verboseSsh = options.verboseSsh ?? false;
    this.sshOptions = [...(options.sshOptions ?? [])];
    this.reuseConnection = options.reuseConnection ?? true;
    this.transport = options.transport;
    this.defaults = copied.defaults ?? {};
  }

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

  /** As JSON (`dk --json`, `--print`): the host without its `with()` defaults, whose `env` may hold secrets. */
  toJSON() {
    const { defaults: _runOptions, ...host } = this;
    return host;
  }

  // console.log shows what JSON does: a log line must not carry the secrets of a `with({ env })`.
  [inspect.custom](depth: number, options: InspectOptionsStylized, show: typeof inspect): string {
    if (depth < 0) return options.stylize("[Host]", "special");
    return `Host ${show(this.toJSON(), options)}`;
  }

  /** `user@hostname:port`, as `parseHosts` reads it. */
  toString(): string {
    const name = this.hostname.includes(":") ? `[${this.hostname}]` : this.hostname;
    return `${this.user === undefined ? "" : `${this.user}@`}${name}${this.port === undefined ? "" : `:${this.port}`}`;
  }
}
