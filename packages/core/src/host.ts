import { awaitMaster, closeMaster, connectionArgs, controlPath } from "./ssh/connection.ts";
import { execute } from "./run/execute.ts";
import { isDryRun } from "./settings.ts";
import { closeNative, nativeRoute } from "./ssh/transport.ts";
import { assertSudoPassword, sudoPassword } from "./run/sudo-password.ts";
import { remoteCommand } from "./ssh/remote-command.ts";
import { displayCommand, runLocal } from "./run.ts";
import { sshArgv, type SshTarget } from "./ssh/argv.ts";
import { scpOptionArgs, sshCommandLine } from "./ssh/tool-args.ts";
import { download, upload } from "./transfer/transfer.ts";
import type { DownloadOptions, TransferResult, UploadOptions } from "./types.ts";
import type {
  Command,
  CommandResult,
  Encoding,
  HostKeyCheck,
  HostOptions,
  Output,
  RemoteRunOptions,
  RunOptions,
  Transport,
} from "./types.ts";
import {
  assertCommand,
  assertHostname,
  assertPort,
  assertRunOptions,
  assertTransport,
  assertUser,
} from "./validate.ts";

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

  constructor(hostname: string, options: HostOptions<Meta> = {}) {
    assertHostname(hostname);
    if (options.user !== undefined) assertUser(options.user);
    if (options.port !== undefined) assertPort(options.port);
    const check = options.hostKeyCheck ?? "strict";
    if (!["strict", "tofu", "none"].includes(check)) {
      throw new TypeError(`Expected \`hostKeyCheck\` to be "strict", "tofu" or "none", got \`${String(check)}\``);
    }
    this.hostname = hostname;
    this.user = options.user;
    this.port = options.port;
    this.key = options.key;
    this.forwardAgent = options.forwardAgent ?? false;
    this.commandPrefix = options.commandPrefix ?? hostname;
    this.hostKeyCheck = check;
    this.hostKeyCheckDefaulted = options.hostKeyCheck === undefined;
    this.meta = options.meta ?? ({} as Meta);
    this.verboseSsh = options.verboseSsh ?? false;
    this.sshOptions = [...(options.sshOptions ?? [])];
    this.reuseConnection = options.reuseConnection ?? true;
    this.transport = options.transport === undefined ? undefined : assertTransport(options.transport);
  }

  /**
   * Runs `command` on the host over ssh; `cwd`, `env` and `becomeRoot` apply on the host, the ssh options to this run.
   */
  async run<E extends Encoding = "utf8">(
    command: Command,
    options: RemoteRunOptions & { readonly encoding?: E } = {},
  ): Promise<CommandResult<Output<E>>> {
    assertCommand(command);
    assertRunOptions(options);
    assertSudoPassword(options.sudoPassword);
    const sudo = (options.becomeRoot ?? false) && this.user !== "root";
    const password = sudo ? (options.sudoPassword ?? sudoPassword()) : undefined;
    const script = remoteCommand(command, {
      cwd: options.cwd,
      env: options.env,
      sudo,
      sudoPasswordOnStdin: password !== undefined,
    });
    const target = { ...this, verboseSsh: options.verboseSsh ?? this.verboseSsh, sshOptions: this.sshOptions };
    const { freshConnection, connectTimeout, batchMode } = options;
    const native = (options.dryRun ?? isDryRun()) ? undefined : await nativeRoute(target, options, script);
    if (native !== undefined) {
      const ssh = { hostname: this.hostname, port: this.port, shared: false };
      const inv = { file: "ssh", args: sshArgv(target, script, native.args), display: displayCommand(command) };
      const stdin = password === undefined ? {} : { stdinLine: password };
      return execute(
        { ...inv, tag: this.commandPrefix, host: this.commandPrefix, ssh, open: native.open, ...stdin },
        options,
      );
    }
    const args = await connectionArgs(target, { freshConnection, connectTimeout, batchMode });
    const release = await awaitMaster(args);
    try {
      return await execute(
        {
          file: "ssh",
          args: sshArgv(target, script, args),
          display: displayCommand(command),
          tag: this.commandPrefix,
          host: this.commandPrefix,
          ssh: { hostname: this.hostname, port: this.port, shared: controlPath(args) !== undefined },
          ...(password === undefined ? {} : { stdinLine: password }),
        },
        options,
      );
    } finally {
      release();
    }
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
  upload(localPath: string, remotePath: string, options: UploadOptions = {}): Promise<TransferResult> {
    return upload(this, localPath, remotePath, options);
  }

  /** Copies a file or directory on this host to `localPath`, as `upload` does the other way. */
  download(remotePath: string, localPath: string, options: DownloadOptions = {}): Promise<TransferResult> {
    return download(this, remotePath, localPath, options);
  }

  /**
   * Closes the connection shared with this host, if one is open (e.g. after it was told to reboot: the connection
   * belongs to the boot that is ending); the next `run` opens a new one.
   */
  async closeConnection(): Promise<void> {
    await Promise.all([closeMaster(this, this.commandPrefix), closeNative(this)]);
  }

  /** Runs `command` on this machine, its output tagged with the host (e.g. rsync to the host). */
  async runLocal<E extends Encoding = "utf8">(
    command: Command,
    options: RunOptions & { readonly encoding?: E } = {},
  ): Promise<CommandResult<Output<E>>> {
    return runLocal(command, options, this.commandPrefix, this.commandPrefix);
  }

  /** `user@hostname:port`, as `parseHosts` reads it. */
  toString(): string {
    const name = this.hostname.includes(":") ? `[${this.hostname}]` : this.hostname;
    return `${this.user === undefined ? "" : `${this.user}@`}${name}${this.port === undefined ? "" : `:${this.port}`}`;
  }
}
