import * as transfer from "./transfer/transfer.ts";
import type { HostResult } from "./host-result.ts";
import { assertTransferOptions } from "./transfer/options.ts";
import type { DownloadOptions, TransferResult, UploadOptions } from "./types.ts";
import { defaultConcurrency } from "./settings.ts";
import { inSelection, runEach, type Checked } from "./run-each.ts";
import { assertDistinctTags } from "./group-tags.ts";
import { selectHosts } from "./select.ts";
import type { Host } from "./host.ts";
import type { Command, CommandResult, Encoding, GroupOptions, Output, RemoteDefaults } from "./types.ts";
import type { GroupLocalOptions, GroupRunOptions, RunOptions } from "./types.ts";
import type { OptionsCall } from "./option-keys.ts";
import { assertGroupStdin, assertRunOptions } from "./run-options.ts";
import { assertHostList } from "./host-options.ts";
import { assertCommand, assertConcurrency, assertKnownOptions, assertSwitches, fail } from "./validate.ts";

// Bad input fails the call once, up front, instead of once per host.
function validate<O extends RunOptions<Encoding> & GroupOptions>(command: Command, options: O, call: OptionsCall): O {
  assertCommand(command);
  assertKnownOptions(options, call);
  // Before the checks a single run's input gets, whose advice for a stream a group cannot take.
  assertGroupStdin(options, call);
  assertRunOptions(options, call);
  assertConcurrency(options.concurrency ?? defaultConcurrency());
  const { concurrency: _groupOnly, ...each } = options;
  return each as O;
}

// Whether a host's failure fails the call: the call's `check`, else the host's own (`with({ check: false })`), as
// each host's run sees it.
function checkOf({ check }: { readonly check?: boolean }): (host: Host<unknown>) => boolean {
  return (host) => check ?? host.defaults.check ?? true;
}

/** Several hosts, driven in parallel. Results always come back in host order. */
export class Group<Meta = Record<string, unknown>> {
  readonly hosts: readonly Host<Meta>[];

  constructor(hosts: readonly Host<Meta>[]) {
    assertHostList(hosts);
    // Frozen: a group's hosts are fixed (select and filter make new groups), also for code without our types.
    this.hosts = Object.freeze([...hosts]);
  }

  /** Runs `command` on every host over ssh. With `check: false`, non-zero exits are results, not errors. */
  async run<E extends Encoding = "utf8">(
    command: Command,
    options: GroupRunOptions<E> = {},
  ): Promise<HostResult<CommandResult<Output<E>>, Meta>[]> {
    const each = validate(command, options, "group.run()");
    const check = checkOf(options);
    return runEach(this.hosts, (host) => host.run(command, each), { ...options, check }, "group.run()");
  }

  /** Runs `command` on this machine once per host, tagged with the host (e.g. rsync to each). */
  async runLocal<E extends Encoding = "utf8">(
    command: Command,
    options: GroupLocalOptions<E> = {},
  ): Promise<HostResult<CommandResult<Output<E>>, Meta>[]> {
    const each = validate(command, options, "group.runLocal()");
    const check = checkOf(options);
    return runEach(this.hosts, (host) => host.runLocal(command, each), { ...options, check }, "group.runLocal()");
  }

  /** `host.upload` on every host in parallel; a missing rsync or local source fails once, before any host. */
  async upload(
    localPath: string,
    remotePath: string,
    options: UploadOptions & GroupOptions = {},
  ): Promise<HostResult<TransferResult, Meta>[]> {
    assertTransferOptions("upload", localPath, remotePath, options);
    // A programmer's mistake before any state of the files: fixing a missing source must not uncover it.
    assertConcurrency(options.concurrency ?? defaultConcurrency());
    transfer.preflight(localPath, undefined);
    const { concurrency, ...upload } = options;
    return runEach(this.hosts, (host) => host.upload(localPath, remotePath, upload), { concurrency }, "group.upload()");
  }

  /** `host.download` from every host in parallel, each into its own `localPath/<host tag>/`. */
  async download(
    remotePath: string,
    localPath: string,
    options: DownloadOptions & GroupOptions = {},
  ): Promise<HostResult<TransferResult, Meta>[]> {
    assertTransferOptions("download", remotePath, localPath, options);
    assertConcurrency(options.concurrency ?? defaultConcurrency());
    const { perHostDir, preflight } = transfer;
    const chosen = inSelection(this.hosts);
    // A host listed twice is said to be so first: its tag, shared, would also be one folder for two hosts.
    assertDistinctTags(chosen, "group.download()", "their files would land in one folder");
    transfer.assertDistinctTags(chosen);
    preflight(undefined, undefined);
    const { concurrency, ...download } = options;
    const each = (host: Host<Meta>) => host.download(remotePath, perHostDir(localPath, host.commandPrefix), download);
    return runEach(this.hosts, each, { concurrency }, "group.download()");
  }

  /** Calls `fn` with each host; a host whose `fn` throws is a failed result. */
  async runFunction<T>(
    fn: (host: Host<Meta>) => T | Promise<T>,
    options: GroupOptions & Checked = {},
  ): Promise<HostResult<T, Meta>[]> {
    if (typeof fn !== "function") fail("fn", "a function of a host", fn);
    assertKnownOptions(options, "group.runFunction()");
    assertSwitches(options, ["check"]);
    return runEach(this.hosts, fn, options, "group.runFunction()");
  }

  /**
   * This group with `defaults` for every run on its hosts: each host is `host.with(defaults)`, so `hosts`,
   * `runFunction`, `select` and `filter` see them too. This group is unchanged.
   * @example const app = group.with({ cwd: "/srv/app", env: { RAILS_ENV: "production" } });
   */
  with(defaults: RemoteDefaults): Group<Meta> {
    assertRunOptions(defaults, "group.with()");
    return new Group(this.hosts.map((host) => host.with(defaults)));
  }

  /**
   * A new group of the hosts that `selector` picks: `@tag` (from `meta.tags`), a name glob (`db*`, matched against the
   * hostname, its first label when the glob has no dot, the tag its output carries, and the host as a host list writes
   * it: `root@web1:2222`), `!` to exclude; comma-separated. `SelectionError` when it picks none.
   * @example group.select("@web,db*,!db3")
   */
  select(selector: string): Group<Meta> {
    return new Group(selectHosts(this.hosts, selector));
  }

  /** A new group of the hosts for which `predicate` is true; a type guard narrows their `meta`, as for arrays. */
  filter<M extends Meta>(predicate: (host: Host<Meta>) => host is Host<M>): Group<M>;
  filter(predicate: (host: Host<Meta>) => boolean): Group<Meta>;
  filter(predicate: (host: Host<Meta>) => boolean): Group<Meta> {
    if (typeof predicate !== "function") fail("predicate", "a function of a host", predicate);
    return new Group(this.hosts.filter(predicate));
  }
}
