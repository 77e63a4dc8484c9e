/** What an upload's host script says on stderr when its file destination can be written only in place. */
export const IN_PLACE_MARK = "dk-in-place";

/**
 * Shell words that stop the host's side of a file's upload, run as the login user, when its destination `file` (a shell
 * word) is a regular file they may write in a directory `dir` they may not (a group's config file in /etc/app): rsync,
 * which writes a temporary file beside it to rename, fails there, where scp writes the file itself. The upload then
 * writes it in place (`IN_PLACE`).
 */
export function inPlaceCheck(file: string, dir: string): string {
  return `if [ -f ${file} ] && [ -w ${file} ] && [ ! -w ${dir} ]; then echo ${IN_PLACE_MARK} >&2; exit 1; fi; `;
}

/**
 * rsync's options for a file written in place: readers may see it half-written, as with scp; its mode and times stay,
 * as scp leaves them, since only its owner may set them. Holes are written out: rsync before 3.1.3 refuses `--sparse`
 * with `--inplace`.
 */
export const IN_PLACE = ["--inplace", "--no-perms", "--no-times", "--no-sparse"] as const;
