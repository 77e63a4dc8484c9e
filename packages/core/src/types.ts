import type { Readable } from "node:stream";

/**
 * Where command output goes: `print` streams it line by line, tagged with the host; `pipe` captures it into the result.
 */
export type OutputMode = "print" | "pipe";

/**
 * How OpenSSH treats host keys: `strict` verifies and never prompts, `tofu` accepts new hosts, `none` checks nothing.
 */
export type HostKeyCheck = "strict" | "tofu" | "none";

/**
 * How a host is reached: `native` in-process (one connection per host, a channel per command), `openssh` through the
 * `ssh` binary, `auto` native when the host's ssh configuration asks for nothing native does differently from ssh.
 */
export type Transport = "auto" | "native" | "openssh";

/** A command: a string runs through `bash -c`; an array runs without a shell, one argument per element. */
export type Command = string | readonly string[];

/**
 * Options for a local command (`run`, `host.runLocal`, `group.runLocal`). `E` is the `encoding` they allow: text by
 * default, `RunOptions<"buffer">` for bytes, or a wrapper's own type parameter to pass either through.
 */
export type RunOptions<E extends Encoding = "utf8"> = {
  /** @default "print" */
  readonly stdout?: OutputMode;
  /** @default "print" */
  readonly stderr?: OutputMode;
  /** Extra environment variables; values arrive byte for byte. @default {} */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Working directory (on the remote host for remote runs). @default the current directory, or the remote user's home
   */
  readonly cwd?: string;
  /** Throw `CommandError` on a non-zero exit; when false, return the result and print a warning. @default true */
  readonly check?: boolean;
  /**
   * Wall-clock limit in milliseconds; on expiry the process tree (and the remote command) is killed. @default no limit
   */
  readonly timeout?: number;
  /** Aborting it kills the command like a timeout does. */
  readonly signal?: AbortSignal;
  /**
   * Most bytes of captured (`"pipe"`) output kept per stream; past it the command is stopped and fails. @default
   * 100_000_000
   */
  readonly maxBuffer?: number;
  /** Print `$ command`, tagged, before running it. @default true */
  readonly echo?: boolean;
  /**
   * Print the command instead of running it.
   * @default `isDryRun()`: false unless `configure({ dryRun: true })` or `dk --dry-run`
   */
  readonly dryRun?: boolean;
  /**
   * How captured output arrives: `"utf8"` text (invalid UTF-8 becomes U+FFFD), or `"buffer"`: the exact bytes, as
   * Buffers.
   * @default "utf8"
   */
  readonly encoding?: E;
  /**
   * Run silently: no echo, no output lines, no notices (`[Command failed: N]`, "still waiting"), no events for a status
   * view.
   * Output that is not captured (`"pipe"`) is dropped. For probes and checks that own their own display. With `stdin:
   * "inherit"` only when both streams are captured: an interactive command's output goes to the terminal itself.
   * @default false
   */
  readonly quiet?: boolean;
  /**
   * Sent to the command's standard input, which then ends: text, bytes, or a stream (read as the command takes it).
   * Without it (and without `stdin`) the command's standard input is empty. @example { input: "yes\n" }
   */
  readonly input?: string | Uint8Array | Readable;
  /**
   * `"inherit"`: the command reads this process's own standard input, for one interactive command. Remotely it
   * gets a terminal when this process has one (as `ssh -t`); its output then goes straight to the terminal too,
   * unless captured (`"pipe"`). Refused by group calls: their hosts run at once and would fight over the terminal.
   * @default none: an empty standard input, so parallel commands never read the terminal
   */
  readonly stdin?: "inherit";
  /**
   * A command line the command runs after, in the same shell, only if it succeeds (invoke's `prefix`); a trailing
   * `&&` or `;` is optional. Set by `with()` too, where nested prefixes chain.
   * @example { prefix: "source venv/bin/activate" }
   */
  readonly prefix?: string;
};

/** The defaults `run.with()` sets for local runs: a call's own options win (`env` merges, `prefix` chains). */
export type LocalDefaults = Pick<
  RunOptions,
  "cwd" | "env" | "prefix" | "timeout" | "check" | "echo" | "stdout" | "stderr"
>;

/** The defaults `host.with()` and `group.with()` set for remote runs; `cwd` is a path on the host. */
export type RemoteDefaults = LocalDefaults & Pick<RemoteRunOptions, "becomeRoot">;

/** The local `run`: call it to run a command; `with()` gives one whose calls default to more options. */
export type Runner = {
  <E extends Encoding = "utf8">(command: Command, options?: RunOptions<E>): Promise<CommandResult<Output<E>>>;
  /**
   * A `run` whose calls default to `defaults`, on top of this one's: a relative `cwd` joins this one's, `env` merges,
   * prefixes chain; a call's own options still win. This `run` is unchanged.
   * @example const inApp = run.with({ cwd: "app", env: { NODE_ENV: "production" } }); await inApp("npm ci");
   */
  with(defaults: LocalDefaults): Runner;
  /** The defaults of this `run` (none for the exported one). */
  readonly defaults: LocalDefaults;
};

/** How captured output arrives in `stdout`/`stderr`: text, or exact bytes. */
export type Encoding = "utf8" | "buffer";

/** The type of captured output for an encoding. */
export type Output<E extends Encoding = "utf8"> = E extends "buffer" ? Buffer : string;

/** Options for a command on a host over ssh; `E` as for `RunOptions`. */
export type RemoteRunOptions<E extends Encoding = "utf8"> = RunOptions<E> & {
  /** Run as root through `sudo -n` when the login user is not root. @default false */
  readonly becomeRoot?: boolean;
  /**
   * The sudo password for `becomeRoot`: sent on ssh's stdin to `sudo -S` on the host, never in argv, output or logs.
   * @default the one given to `setSudoPassword()` (what `dk --ask-sudo-password` sets), else none (`sudo -n`)
   */
  readonly sudoPassword?: string;
  /** Pass `-v` to ssh for this command. @default the host's `verboseSsh` */
  readonly verboseSsh?: boolean;
  /**
   * Open a connection of its own: neither share the host's connection nor start one to share (nor use a ControlMaster
   * of your ssh config). For hosts whose shared connection may have died with them, e.g. during a reboot.
   * @default false
   */
  readonly freshConnection?: boolean;
  /**
   * Whole seconds ssh waits to connect (`ConnectTimeout`); a value in the host's `sshOptions` still wins. @default 10,
   * or your ssh config's
   */
  readonly connectTimeout?: number;
  /**
   * Never prompt for a password or passphrase: fail instead (`BatchMode=yes`); a value in the host's `sshOptions` still
   * wins. @default false
   */
  readonly batchMode?: boolean;
};

/** Options shared by every group call. */
export type GroupOptions = {
  /** How many hosts at once. @default the `concurrency` setting (`configure()`, `dk --limit`), else Infinity */
  readonly concurrency?: number;
};

/**
 * What a group's hosts, running at once, cannot share: one terminal (`stdin: "inherit"`), or one stream read once
 * (`input` as a stream). Text or bytes as `input` each host gets in full.
 */
type PerHostInput = { readonly stdin?: never; readonly input?: string | Uint8Array };

/** Options of `group.run`: a remote run's, but `input` only as text or bytes and no `stdin`, plus `concurrency`. */
export type GroupRunOptions<E extends Encoding = "utf8"> = Omit<RemoteRunOptions<E>, "stdin" | "input"> &
  PerHostInput &
  GroupOptions;

/** Options of `group.runLocal`: a local run's, but `input` only as text or bytes and no `stdin`, plus `concurrency`. */
export type GroupLocalOptions<E extends Encoding = "utf8"> = Omit<RunOptions<E>, "stdin" | "input"> &
  PerHostInput &
  GroupOptions;

/** Connection settings and data of one host. */
export type HostOptions<Meta = Record<string, unknown>> = {
  /** Login user. @default ssh's choice (ssh config, then the local user) */
  readonly user?: string;
  /** @default ssh's choice (ssh config, then 22) */
  readonly port?: number;
  /** Private key file (`ssh -i`). */
  readonly key?: string;
  /** Forward the ssh agent (`ssh -A`). @default false */
  readonly forwardAgent?: boolean;
  /** The tag printed before each output line. @default the hostname */
  readonly commandPrefix?: string;
  /** @default "strict" */
  readonly hostKeyCheck?: HostKeyCheck;
  /** Your own data for this host, typed by `Meta`. */
  readonly meta?: Meta;
  /** Pass `-v` to ssh. @default false */
  readonly verboseSsh?: boolean;
  /** Extra ssh arguments, placed before ours so that they win (e.g. `["-o", "ConnectTimeout=5"]`). @default [] */
  readonly sshOptions?: readonly string[];
  /**
   * Share one ssh connection (an OpenSSH ControlMaster in a private per-process directory, closed at exit) across
   * every command and rsync to this host. Kept off when you configured your own ControlMaster/ControlPath.
   * @default true (DEPLOYKIT_SSH_REUSE=0 turns it off everywhere)
   */
  readonly reuseConnection?: boolean;
  /**
   * `native` (in-process; no process per host), `openssh` (the `ssh` binary), or `auto`: native when everything the
   * host's ssh configuration asks for is done by native exactly as ssh does it.
   * @default the `transport` setting (`configure()`, `dk --transport`, `DEPLOYKIT_TRANSPORT`), else "auto"
   */
  readonly transport?: Transport;
};

/** What a finished command returns (and what `CommandError` carries); output is a Buffer with `encoding: "buffer"`. */
export type CommandResult<O extends string | Buffer = string> = {
  /** The command as displayed. */
  readonly command: string;
  readonly exitCode: number;
  /** Captured output; empty unless `stdout: "pipe"`. */
  readonly stdout: O;
  /** Captured output; empty unless `stderr: "pipe"`. */
  readonly stderr: O;
  readonly durationMs: number;
};

/** Options of `parseHosts`, applied to every host it returns. */
export type ParseHostsOptions = {
  readonly hostKeyCheck?: HostKeyCheck;
  readonly key?: string;
  readonly forwardAgent?: boolean;
  /** Appended to every hostname that has no dot and is not an IP address or localhost (`web1` + `.example.com`). */
  readonly domainSuffix?: string;
  /** User for entries without `user@`. */
  readonly defaultUser?: string;
  readonly sshOptions?: readonly string[];
  readonly reuseConnection?: boolean;
  readonly transport?: Transport;
};

/**
 * Options of `host.download` / `group.download` (and, with more, of uploads). Their paths read `~` as a shell does: a
 * local `~` or `~/…` is your home (`$HOME`), a remote one the login user's home on the host; `~user/…` is refused on
 * either side (give the path absolute), and a name that starts with `~` is written `./~name`.
 */
export type DownloadOptions = {
  /** Run rsync on the host as root (`sudo -n rsync`) when the login user is not root. @default false */
  readonly becomeRoot?: boolean;
  /** Delete what the source directory does not have from the destination (rsync `--delete`). @default false */
  readonly delete?: boolean;
  /** rsync exclude patterns, each one an exclude (`!` and `+ x` too): `["node_modules/", "*.log"]`. @default [] */
  readonly exclude?: readonly string[];
  /**
   * Stop the transfer after this many milliseconds. It fails, and its error says what is left: a file takes its name
   * only once whole, but one written in place (the login user may write it but not its directory) may be half-written.
   * @default no limit
   */
  readonly timeout?: number;
  /** Aborting it stops the transfer like a timeout does. */
  readonly signal?: AbortSignal;
  /** Print the rsync command instead of running it. @default `isDryRun()` */
  readonly dryRun?: boolean;
};

/** Options of `host.upload` / `group.upload`. */
export type UploadOptions = DownloadOptions & {
  /**
   * Permissions of the uploaded files: a number (`0o640`) sets every file's, directories keep theirs; a string is
   * rsync's `--chmod` (`"D750,F640"`, `"go-w"`). A directory uploaded into one that exists leaves that one its own mode
   * (a shared /tmp keeps its sticky bit), unless the string has a part for directories (`D…`, or one without `F`):
   * then the mode asked for is what it gets. @default the local files' permissions
   */
  readonly mode?: number | string;
  /** Owner of the uploaded files and directories (needs root on the host: `becomeRoot`). @default the login user */
  readonly owner?: string;
  /** Group of the uploaded files and directories. @default the login user's group */
  readonly group?: string;
  /**
   * The sudo password for `becomeRoot`. With one, the files go to a private directory on the host first and
   * `sudo rsync` copies them into place from there (rsync's own connection cannot carry a password).
   * @default the one given to `setSudoPassword()` (what `dk --ask-sudo-password` sets), else none (`sudo -n rsync`)
   */
  readonly sudoPassword?: string;
};

/** What one transfer moved. */
export type TransferResult = {
  readonly direction: "upload" | "download";
  /** The tag of the host (its `commandPrefix`). */
  readonly host: string;
  readonly source: string;
  readonly destination: string;
  /** Regular files that were (re)written; unchanged files are skipped. */
  readonly files: number;
  /** Total size of the files that were (re)written, in bytes. */
  readonly bytes: number;
  /** Files deleted from the destination (`delete`). */
  readonly deleted: number;
  readonly durationMs: number;
};
