/** What an upload's host script says on stderr, around a symlink in the way of its directory and where it points. */
export const BROKEN_LINK_MARK = "dk-broken-link";

/** Why a directory cannot be made under `link`, a symlink to `target` that leads to nothing or (`loop`) in a loop. */
export function brokenLinkSays(link: string, target: string, loop: boolean): string {
  const fix = "or choose another destination";
  if (loop) return `${link} is a symlink (to ${target}) whose links lead in a loop; fix or remove it, ${fix}`;
  return `${link} is a symlink to ${target}, which does not exist; make that directory, or remove the link, ${fix}`;
}

/**
 * Shell words run where `mkdir -p` of `$d` failed: they name, on stderr, the deepest part of it that is a symlink to
 * nothing or in a loop (mkdir says only "File exists" of one), and where it points; their status is 1.
 */
export function brokenLinkCheck(): string {
  const fields = `$d ${BROKEN_LINK_MARK} $p ${BROKEN_LINK_MARK} $(readlink -- "$p")`;
  const say = `printf '%s\\n' "${BROKEN_LINK_MARK} ${fields} ${BROKEN_LINK_MARK}" >&2`;
  // Bounded: each turn takes one part off the path, down to `/` or `.`.
  const walk = `while [ -n "$p" ] && [ "$p" != / ] && [ "$p" != . ]; do`;
  const found = `if [ -L "$p" ] && [ ! -e "$p" ]; then ${say}; break; fi; p=$(dirname -- "$p")`;
  return `{ p=$d; ${walk} ${found}; done; false; }`;
}

/** Why an upload's directory could not be made, if its host script found a symlink in the way (`stderr`); pure. */
export function brokenLinkReason(stderr: string): string | undefined {
  const mark = ` ${BROKEN_LINK_MARK} `;
  const found = new RegExp(`^${BROKEN_LINK_MARK} ([^]*?)${mark}([^]*?)${mark}([^]*?)${mark.trimEnd()}$`, "m").exec(
    stderr,
  );
  if (found === null) return undefined;
  const [, dir = "", link = "", target = ""] = found;
  const loop = /^mkdir: .*: Too many levels of symbolic links$/m.test(stderr);
  return `cannot make the remote directory ${dir}: ${brokenLinkSays(link, target, loop)}`;
}
