// A temp directory where another user could swap a sandbox's directory for one of theirs (and with it the keys its
// sshd lets in) is refused before anything is made there; a link to a safe one is followed once, at the start.
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startNetnsHosts, startSandbox, UnsafeTempDirError } from "../src/index.ts";

const asRoot = process.getuid?.() === 0;
const state = { root: "", saved: undefined as string | undefined };

beforeEach(() => {
  state.root = mkdtempSync(join(tmpdir(), "dk-unsafe-tmp-"));
  state.saved = process.env.TMPDIR;
});

afterEach(() => {
  if (state.saved === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = state.saved;
  rmSync(state.root, { recursive: true, force: true });
});

describe("startSandbox under a TMPDIR", () => {
  it("refuses one every user may write without the sticky bit, and one under it, making nothing there", async () => {
    const open = join(state.root, "open");
    mkdirSync(join(open, "below"), { recursive: true });
    chmodSync(open, 0o777);
    process.env.TMPDIR = open;
    const refusal = startSandbox({ hosts: 1 });
    await expect(refusal).rejects.toThrow(UnsafeTempDirError);
    await expect(refusal).rejects.toThrow(
      `the temp directory ${open} is writable by every user without the sticky bit (mode 0777): another user could ` +
        `swap the sandbox's directory for one of theirs and log in to its hosts as you; chmod +t ${open}, or set ` +
        "TMPDIR to a directory of yours that no other user can write (unset, it is /tmp)",
    );
    process.env.TMPDIR = join(open, "below");
    await expect(startSandbox({ hosts: 1 })).rejects.toThrow(`is under ${open}, which is writable by every user`);
    if (asRoot) await expect(startNetnsHosts({ hosts: [{}] })).rejects.toThrow(UnsafeTempDirError);
    expect(readdirSync(open)).toEqual(["below"]);
    expect(readdirSync(join(open, "below"))).toEqual([]);
  });

  it("refuses a link to a directory of another user", async () => {
    if (!asRoot) throw new Error("this test gives a directory to another user, which needs root: run it as root");
    const theirs = join(state.root, "theirs");
    mkdirSync(theirs, { mode: 0o700 });
    chownSync(theirs, 65534, 65534);
    symlinkSync(theirs, join(state.root, "link"));
    process.env.TMPDIR = join(state.root, "link");
    await expect(startSandbox({ hosts: 1 })).rejects.toThrow(
      `the temp directory ${join(state.root, "link")} (${theirs}) belongs to uid 65534: another user could swap`,
    );
    expect(readdirSync(theirs)).toEqual([]);
  });

  it("starts in a sticky directory every user may write, through a link, under the link's target", async () => {
    const shared = join(state.root, "shared");
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    symlinkSync(shared, join(state.root, "link"));
    process.env.TMPDIR = join(state.root, "link");
    const sandbox = await startSandbox({ hosts: 1 });
    try {
      expect(sandbox.dir.startsWith(`${realpathSync(shared)}/dk-sandbox-`)).toBe(true);
    } finally {
      await sandbox.stop();
    }
    expect(readdirSync(shared)).toEqual([]);
  });
});
