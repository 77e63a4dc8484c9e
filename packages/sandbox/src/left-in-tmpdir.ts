import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Runs `body` with TMPDIR a new empty directory of its own, then returns the names `body` left in it (and removes it).
 * A test that checks what a call leaves in the temp directory sees only that call's: other test files, running at the
 * same time, share the usual one and make and remove their own entries in it.
 */
export async function leftInTmpdir(body: () => Promise<unknown>): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "dk-own-tmp-"));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    await body();
  } finally {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
  }
  try {
    return readdirSync(dir).sort();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
