import { quote, quoteAnyShell } from "../run/quote.ts";
import type { DownloadOptions, UploadOptions } from "../types.ts";
import { homeCheck } from "./no-home.ts";
import { mirrorCheck } from "./mirror-home.ts";
import { dirToMake, linkCheck } from "./dest-link.ts";
import { inPlaceCheck } from "./in-place.ts";
import { globNameCheck } from "./glob-name.ts";
import { wholeAsRoot } from "./as-root.ts";
import { brokenLinkCheck } from "./broken-link.ts";

/** One rsync run, its paths already in rsync's form (`dir/` for a directory's contents, `host:path` remote). */
export type RsyncPlan = {
  readonly source: string;
  readonly destination: string;
  /** The directory made on the host before an upload (`mkdir -p`), so that new paths work. */
  readonly remoteDir?: string | undefined;
  /** Run the host's rsync through sudo unless it logs in as root. */
  readonly becomeRoot: boolean;
  /** An upload's file destination, which the host's script first checks for a symlink (`linkCheck`). */
  readonly file?: string | undefined;
};

/**
 * The rsync options of a transfer, without `-e`, source and destination. Recursive, links in a directory as links,
 * permissions and times kept; owner and group only when asked (files belong to whoever receives them, as with scp or
 * Fabric's put). Files are written to a temporary name beside the target and renamed (rsync's default, not
 * `--inplace`), so nothing half-written ever has the final name; only a file the login user may write nowhere else is
 * written in place (`IN_PLACE`, added by the upload). Pure.
 */
export function rsyncOptions(plan: RsyncPlan, options: UploadOptions & DownloadOptions): string[] {
  const { mode, owner, group } = options;
  // --super: an owner that cannot be set is an error, not silently skipped as rsync does for a non-root receiver.
  const chown = owner !== undefined || group !== undefined ? [`--chown=${owner ?? ""}:${group ?? ""}`, "--super"] : [];
  return [
    "--recursive",
    "--links",
    // A file named as the source is copied as what it points to (as scp and Fabric do); links inside a directory stay.
    ...(plan.source.endsWith("/") ? [] : ["--copy-links"]),
    "--perms",
    "--times",
    // A file's holes (a disk image's, a sparse file's) stay holes, rather than taking their whole size on disk.
    "--sparse",
    // Paths reach the far side through rsync's protocol, never through its shell: spaces and quotes arrive intact.
    "--protect-args",
    // Plain numbers in --stats, whatever the locale.
    "--stats",
    "--no-human-readable",
    ...(options.delete ? ["--delete"] : []),
    // As filter rules, since rsync reads an --exclude of `!` as "clear the rules" and one of `+ x` as an include.
    ...(options.exclude ?? []).map((pattern) => `--filter=- ${pattern}`),
    ...(mode === undefined ? [] : [`--chmod=${typeof mode === "number" ? `F${mode.toString(8)}` : mode}`]),
    ...chown,
    ...rsyncPath({
      ...plan,
      keep: plan.source.endsWith("/") && !modesDirs(mode),
      mirror: plan.source.endsWith("/") && options.delete === true,
      // Written in place, a file keeps its mode and owner: so only when none is asked, and as the login user.
      inPlace: !plan.becomeRoot && mode === undefined && chown.length === 0,
    }),
  ];
}

/**
 * Whether a `mode` sets directories' modes: a `--chmod` string with a part for them (`D750`, `go-w`: all but `F…`); a
 * number is the files' mode only. Pure.
 */
export function modesDirs(mode: UploadOptions["mode"]): boolean {
  return typeof mode === "string" && mode.split(",").some((part) => !part.trim().startsWith("F"));
}

/** What the host's script of an upload says on stderr, before its rsync starts, of the directory's own mode. */
export const KEPT_MARK = "dk-kept-mode ";

/**
 * Shell words that make the directory `dir` (a shell word, e.g. `"$0"`) and run rsync with `"$@"`, each command after
 * `run` (sudo); a relative `dir` in a session that could not enter the home stops first (`homeCheck`), and with
 * `mirror` (`delete`), a `dir` that is the login home or / (`mirrorCheck`), and a `file` destination (a shell word)
 * that is a symlink to a file (`linkCheck`), or, for a `remote` rsync's (which reads it as a pattern), new and named
 * as one (`globNameCheck`), or, with `inPlace`, one the login user may write only in place (`inPlaceCheck`). With
 * `keep` (a directory mirrored with no mode asked for it), one that exists keeps its own mode, which rsync would set
 * to the source's (a shared /tmp or a home would lose theirs); where stat cannot say it (no GNU stat), rsync's stands.
 */
export function mkdirAndRsync(
  dir: string,
  run: string,
  keep: boolean,
  mirror = false,
  file?: string,
  { inPlace = false, remote = false }: { readonly inPlace?: boolean; readonly remote?: boolean } = {},
) {
  const fileChecks =
    file === undefined
      ? ""
      : [linkCheck(file), remote ? globNameCheck(file) : "", inPlace ? inPlaceCheck(file, dir) : ""].join("");
  const checks = `${homeCheck(dir)}${mirror ? mirrorCheck(dir) : ""}${fileChecks}`;
  const mkdir = `${dirToMake(dir)}{ ${run}mkdir -p -- "$d" || ${brokenLinkCheck()}; }`;
  if (!keep) return `${checks}${mkdir} && exec ${run}rsync "$@"`;
  // A sudo that allows only rsync and mkdir (as the permission error advises) runs no stat nor chmod: stat as the
  // login user first, and where chmod is refused, rsync copies the directory's own entry onto itself with that mode.
  // -L: a symlink's own mode (777) is not the directory's, which chmod (through the link) would then set.
  const stat = `stat -L -c %a -- ${dir} 2>/dev/null`;
  // Said first on stderr, for the client to put back itself should the transfer stop partway.
  const kept = `m=$(${stat}${run === "" ? "" : ` || ${run}${stat}`}); [ -z "$m" ] || echo "${KEPT_MARK}$m" >&2; `;
  const self = `p=${dir}; case $p in /*) ;; *) p=./$p;; esac; `;
  const copy = `${run}rsync -d --perms --chmod=D"$m" "--exclude=*" "$p/" "$p/"`;
  const restore = `[ -z "$m" ] || ${run}chmod -- "$m" ${dir} 2>/dev/null || ${copy}`;
  return `${checks}${kept}${self}${mkdir} && { ${run}rsync "$@"; r=$?; ${restore}; exit $r; }`;
}

/**
 * The host's side: `mkdir -p` first for uploads, through `sudo -n` when asked and the login user is not root (decided
 * there, as `becomeRoot` runs are). Pure.
 */
export function rsyncPath(
  plan: Pick<RsyncPlan, "remoteDir" | "becomeRoot" | "file"> & {
    readonly keep?: boolean;
    readonly mirror?: boolean;
    readonly inPlace?: boolean;
  },
): string[] {
  if (plan.remoteDir === undefined && !plan.becomeRoot) return [];
  const sudo = plan.becomeRoot ? 'S=; [ "$(id -u)" = 0 ] || S="sudo -n --"; ' : "";
  const run = plan.becomeRoot ? "$S " : "";
  const { remoteDir, keep = false, mirror = false, file, inPlace = false } = plan;
  // The file, if any, is the script's first word after the directory (`$0`), before rsync's own.
  const first = file === undefined ? "" : "f=$1; shift; ";
  const words = [remoteDir ?? "rsync", ...(file === undefined ? [] : [file])];
  const rsync =
    remoteDir === undefined
      ? `exec ${run}rsync "$@"`
      : mkdirAndRsync('"$0"', run, keep, mirror, file && '"$f"', { inPlace, remote: true });
  // An upload's checks of its destination see what its copy will: as root, where sudo allows.
  const whole =
    plan.becomeRoot && remoteDir !== undefined ? wholeAsRoot(`${first}${rsync}`) : `${first}${sudo}${rsync}`;
  // The host's login shell reads these words, whichever it is; a path named with a newline only a POSIX one.
  const shown = words.map((word) => (word.includes("\n") ? quote(word) : quoteAnyShell(word)));
  return [`--rsync-path=sh -c ${quoteAnyShell(whole)} ${shown.join(" ")}`];
}

/** `user@host:path` for rsync (IPv6 in brackets); the port goes in `-e`. Pure. */
export function remoteSpec(host: { readonly hostname: string; readonly user?: string | undefined }, path: string) {
  const name = host.hostname.includes(":") ? `[${host.hostname}]` : host.hostname;
  return `${host.user === undefined ? "" : `${host.user}@`}${name}:${path}`;
}

/**
 * A remote source as the host's rsync takes it: its sender expands `*`, `?` and `[` as glob(3) does, --protect-args
 * or not, so `r[1].txt` would fetch `r1.txt`; escaped, such a path names itself (a backslash in it too). Pure.
 */
export function literalSource(path: string): string {
  return /[*?[]/.test(path) ? path.replace(/[*?[\\]/g, "\\$&") : path;
}
