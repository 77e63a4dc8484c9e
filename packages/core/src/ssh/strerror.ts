// The C library's words (strerror) for the errors Node names by code, as ssh prints them: what stat, bind and a file's
// rewrite commonly fail with.
const WORDS: Readonly<Record<string, string>> = {
  ENOENT: "No such file or directory",
  ENOTDIR: "Not a directory",
  EACCES: "Permission denied",
  EPERM: "Operation not permitted",
  EROFS: "Read-only file system",
  ENOSPC: "No space left on device",
  EADDRNOTAVAIL: "Cannot assign requested address",
  EADDRINUSE: "Address already in use",
  EINVAL: "Invalid argument",
};

/** strerror's words for the error code `code`, or undefined for one not listed. Pure. */
export function strerror(code: string | undefined): string | undefined {
  return code === undefined ? undefined : WORDS[code];
}

/** strerror's words for `error` (a Node system error), else its message. */
export function strerrorOf(error: unknown): string {
  return strerror((error as NodeJS.ErrnoException).code) ?? (error instanceof Error ? error.message : String(error));
}
