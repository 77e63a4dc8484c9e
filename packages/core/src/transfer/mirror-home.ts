/** What an upload's host script says on stderr, with the directory, when it stops a mirror into the home or /. */
export const MIRROR_MARK = "dk-mirror-home";

/**
 * Shell words that stop the host's side of an upload mirroring (`delete`) into `dir` (a shell word) when `dir` is,
 * by any name (absolute, through `..` or a symlink), where the session started (the login user's home, where `.` leads)
 * or /: everything there the source lacks would be removed. `~` and `.` are refused before anything runs.
 */
export function mirrorCheck(dir: string): string {
  const at = `t=$(cd -- ${dir} 2>/dev/null && pwd -P); `;
  return `${at}case $t in "$(pwd -P)"|/) echo "${MIRROR_MARK} $t" >&2; exit 1;; esac; `;
}

/** Why an upload into `destination` stopped, if its host script refused the mirror (`stderr` says); pure. */
export function mirrorReason(destination: string, stderr: string): string | undefined {
  const at = new RegExp(`^${MIRROR_MARK} (.*)$`, "m").exec(stderr)?.[1];
  if (at === undefined) return undefined;
  const what = at === "/" ? "/" : "the login user's home";
  return (
    `Refusing to mirror into ${destination}, which is ${what} on the host, with \`delete\`: everything there ` +
    "that the source does not have would be removed; name the directory to mirror (e.g. /srv/app)"
  );
}
