import type { Host } from "@deploykit/core";

// Words rsync's `-e` parser keeps as they are: it splits on spaces and reads '…' and "…" quotes, nothing else.
const RSH_SAFE = /^[\w@%+=:,./-]+$/;

/** Quotes one word for rsync's `-e` parser: inside '…' a doubled '' is a literal quote; backslashes mean nothing. */
export function rshQuote(word: string): string {
  if (word.includes("\0"))
    throw new TypeError(`Expected an ssh argument without NUL bytes, got ${JSON.stringify(word)}`);
  return RSH_SAFE.test(word) ? word : `'${word.replaceAll("'", "''")}'`;
}

/**
 * The `-e` value: ssh with exactly the host's options (`host.sshArgs()`: port, key, host-key policy, extra options,
 * user, shared connection).
 */
export function rshCommand(sshArgs: readonly string[]): string {
  return ["ssh", ...sshArgs].map(rshQuote).join(" ");
}

/** `user@host:dir/` (IPv6 in brackets); the port is in `-e`, never here. */
export function rsyncDestination(host: Pick<Host<unknown>, "hostname" | "user">, dir: string): string {
  const name = host.hostname.includes(":") ? `[${host.hostname}]` : host.hostname;
  return `${host.user === undefined ? "" : `${host.user}@`}${name}:${dir}/`;
}

/**
 * How the receiving rsync runs: as is for root; through `sudo -n` for another user, so it can write the
 * config dir; for a user ssh picks (undefined), decided on the host, as core does for `becomeRoot`.
 */
export function rsyncPath(user: string | undefined): string[] {
  if (user === "root") return [];
  if (user !== undefined) return ["--rsync-path=sudo -n rsync"];
  return [`--rsync-path=sh -c 'if [ "$(id -u)" = 0 ]; then exec rsync "$@"; else exec sudo -n rsync "$@"; fi' rsync`];
}

/**
 * Each pattern as an exclude rule that takes it as it is: rsync reads an --exclude of `!` as clearing every rule (the
 * .rsync-filter files' too) and one starting with `+ ` as an include. Pure.
 */
export function excludeRules(excludes: readonly string[]): string[] {
  return excludes.map((pattern) => `--filter=- ${pattern}`);
}

/** How one rsync of the configuration runs. */
export type RsyncRun = {
  /** The receiving rsync runs as the login user (a staged copy's first step), not as root. @default false */
  readonly asLoginUser?: boolean;
  /** rsync's `--timeout`: seconds without data moving before it gives up (exit code 30). @default none */
  readonly idleS?: number | undefined;
};

// rsync's own bound: a copy of any size goes on while data moves; one that stalls (the host hangs) ends.
const idle = (idleS: number | undefined) => (idleS === undefined ? [] : [`--timeout=${idleS}`]);

/**
 * The local rsync argv that mirrors `source` into `dir` on `host`; `sshArgs` are ssh's options for it. The receiving
 * rsync runs as root (`rsyncPath`), or as the login user with `asLoginUser` (a staged copy's first step). Pure.
 */
export function rsyncArgv(
  host: Pick<Host<unknown>, "hostname" | "user">,
  source: string,
  dir: string,
  excludes: readonly string[],
  sshArgs: readonly string[],
  { asLoginUser = false, idleS }: RsyncRun = {},
): string[] {
  return [
    "rsync",
    // -a keeps permissions, symlinks and times; -F reads .rsync-filter files; --delete drops what the source lost.
    "-vaF",
    "--delete",
    // Creates missing parents of the config dir (rsync 3.2.3+), so a new configDir works on the first deploy.
    "--mkpath",
    ...idle(idleS),
    ...excludeRules(excludes),
    ...(asLoginUser ? [] : rsyncPath(host.user)),
    "-e",
    rshCommand(sshArgs),
    // The trailing slash copies the directory's contents, not the directory itself.
    `${source.replace(/\/+$/, "")}/`,
    rsyncDestination(host, dir),
  ];
}

/**
 * The second step of a staged copy, run on the host as root: mirrors the staged `stage` into `dir` with the same
 * filters (the staged .rsync-filter files and `excludes` keep the host's excluded files from --delete, as a direct
 * copy does). Owner and group are not taken from the login user's staged copy: the files are root's. Pure.
 */
export function fromStageArgv(
  stage: string,
  dir: string,
  excludes: readonly string[],
  idleS?: number | undefined,
): string[] {
  return [
    "rsync",
    "-vaF",
    "--no-owner",
    "--no-group",
    "--delete",
    "--mkpath",
    ...idle(idleS),
    ...excludeRules(excludes),
    `${stage.replace(/\/+$/, "")}/`,
    `${dir}/`,
  ];
}
