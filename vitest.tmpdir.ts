import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Every test's temporary files go in one directory of this run (TMPDIR, which the test processes inherit), removed
 * when the run ends: a test that stops early, or leaves its files, leaves nothing in the system's /tmp.
 */
export default function setup(): () => void {
  // Each project runs the global setup too: one directory for the whole run.
  if (process.env.DK_TEST_TMPDIR !== undefined) return () => {};
  const before = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), "dk-test-run-"));
  // Other users of the tests (sudo users, netns hosts) reach their files here as they would in /tmp.
  chmodSync(root, 0o755);
  process.env.TMPDIR = root;
  process.env.DK_TEST_TMPDIR = root;
  return () => {
    delete process.env.DK_TEST_TMPDIR;
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
