/** What an upload's host script says on stderr when its file destination is new and named with `*`, `?` or `[`. */
export const GLOB_NAME_MARK = "dk-glob-name";

/**
 * Shell words that stop the host's side of a file's upload when its destination `file` (a shell word) does not exist
 * and its own name holds `*`, `?` or `[`: the host's rsync reads its destination as a pattern (`literalSource`), which,
 * escaped, names only what exists; unescaped it wrote over whatever matched (`*` over another file there).
 */
export function globNameCheck(file: string): string {
  const stop = `{ echo ${GLOB_NAME_MARK} >&2; exit 1; }`;
  // Only its own name: escaped, a pattern in a directory's name names that directory, which `mkdir -p` made first.
  return `b=${file}; case \${b##*/} in *[*?[]*) [ -e ${file} ] || [ -L ${file} ] || ${stop};; esac; `;
}

/** The reason for a stop of `globNameCheck`'s. Pure. */
export function globNameReason(destination = "the destination"): string {
  return (
    `cannot make ${destination} on the host: the host's rsync reads a new file's name holding *, ? or [ as a ` +
    "pattern; upload it under another name, then rename it there (host.run(['mv', '--', from, to]))"
  );
}
