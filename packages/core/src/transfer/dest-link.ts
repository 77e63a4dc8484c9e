import { GLOB_NAME_MARK } from "./glob-name.ts";
import { IN_PLACE_MARK } from "./in-place.ts";

/** What an upload's host script says on stderr, around where its destination leads, when that is a symlink. */
export const LINK_MARK = "dk-dest-link";

/**
 * Shell words that stop the host's side of a file's upload when its destination `file` (a shell word) is a symlink to
 * a regular file or to nothing, saying where the links lead (`readlink -f`, or `-m` where the last directory is missing
 * too): rsync would replace the link with the file, where scp and cp write where it leads. The upload goes there
 * instead (`throughLink`). Where neither can say (no GNU or BusyBox readlink, a loop), rsync's way stands.
 */
export function linkCheck(file: string): string {
  // `.` keeps a name's own trailing newlines from $(…), which drops them; printf, not echo, which reads backslashes.
  const read = `{ readlink -f -- ${file} || readlink -m -- ${file}; } 2>/dev/null`;
  const to = `l=$(${read} && echo .) && l=\${l%??} && [ -n "$l" ]`;
  const stop = `{ printf '%s\\n' "${LINK_MARK} $l ${LINK_MARK}" >&2; exit 1; }`;
  // Only to a regular file or to nothing: rsync would replace a device or a pipe it leads to (/dev/null) with the file.
  const kind = `{ [ -f ${file} ] || [ ! -e ${file} ]; }`;
  return `if [ -L ${file} ] && ${kind} && ${to}; then ${stop}; fi; `;
}

/**
 * Shell words that set `d` to the directory an upload makes for `dir` (a shell word): where `dir` leads when it is a
 * symlink to nothing (a trailing `/` aside), which `mkdir -p` refuses, as a file onto such a link makes the file it
 * names (`linkCheck`); else `dir` itself, as where no `readlink -m` can say.
 */
export function dirToMake(dir: string): string {
  // Bounded: each turn drops one trailing `/`.
  const bare = `n=${dir}; while case $n in ?*/) true;; *) false;; esac; do n=\${n%/}; done; `;
  const to = `d=$(readlink -m -- "$n" 2>/dev/null && echo .) && d=\${d%??} && [ -n "$d" ]`;
  return `${bare}if [ -L "$n" ] && [ ! -e "$n" ] && ${to}; then :; else d=${dir}; fi; `;
}

/**
 * How to run a file's upload again: to where its destination's links lead (`linkCheck`), in place (`IN_PLACE`), or,
 * new and named as a pattern, into its directory under its name (`namedLink`).
 */
export type Again = { readonly target?: string | undefined; readonly inPlace?: boolean; readonly named?: boolean };

/** How to run a failed upload (`error`) again, if its host script stopped for its destination; else undefined. Pure. */
export function again(error: unknown): Again | undefined {
  // A `TransferError` holds rsync's `CommandError` as its cause; a staged step's is that itself.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const stderr = cause instanceof Error && "stderr" in cause ? String(cause.stderr) : "";
  const target = new RegExp(`^${LINK_MARK} ([^]*?) ${LINK_MARK}$`, "m").exec(stderr)?.[1];
  if (target !== undefined) return { target };
  if (new RegExp(`^${GLOB_NAME_MARK}$`, "m").test(stderr)) return { named: true };
  return new RegExp(`^${IN_PLACE_MARK}$`, "m").test(stderr) ? { inPlace: true } : undefined;
}

/**
 * Runs an upload of a file (`attempt(undefined)`, its host script checking the destination), and again as that script
 * says (`again`): to where a symlink leads, then, should that need it, in place or under its name. At most three runs:
 * a target is no symlink (`readlink -f`), and a run in place or under its name checks nothing.
 */
export async function throughLink<T>(attempt: (how: Again | undefined) => Promise<T>): Promise<T> {
  let how: Again | undefined;
  for (let run = 1; ; run++) {
    try {
      return await attempt(how);
    } catch (error) {
      const next = again(error);
      if (next === undefined || run === 3) throw error;
      how = { ...how, ...next };
    }
  }
}
