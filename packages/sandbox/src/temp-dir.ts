import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A new private directory `prefix…` in the temp directory; a TMPDIR that is not there is named, with the way out. */
export function makeTempDir(prefix: string): string {
  const parent = tmpdir();
  try {
    return mkdtempSync(join(parent, prefix));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    throw new Error(
      `the temp directory ${parent} does not exist: create it, or set TMPDIR to a directory that does ` +
        "(unset, it is /tmp)",
      { cause: error },
    );
  }
}
