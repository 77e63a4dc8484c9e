import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Every test's temporary files go in one directory of this run (TMPDIR, which the test processes inherit), removed
 * when the run ends: a test that stops early, or leaves its files, leaves nothing in the system's /tmp.
 */
export default function setup(): () => void {
  const before = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), "dk-test-run-"));
  // Other users of the tests (sudo users, netns hosts) reach their files here as they would in /tmp.
  chmodSync(root, 0o755);
  process.env.TMPDIR = root;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    // What another user wrote may be beyond a non-root user's reach: that is left, the rest removed.
    try {
      rmSync(root, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      return;
    }
  };
}
