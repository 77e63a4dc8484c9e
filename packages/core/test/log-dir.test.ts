import { chmodSync, lstatSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it, onTestFinished } from "vitest";
import { LogDir } from "../src/status/log-file.ts";

const saved = process.env.TMPDIR;
afterEach(() => void (saved === undefined ? delete process.env.TMPDIR : (process.env.TMPDIR = saved)));

// A scratch directory of this test's, removed after it.
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), "dk-logdir-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe("the compact view's log directory", () => {
  it("is made where a TMPDIR that is a symlink leads, as it would be in the directory itself", () => {
    const real = realpathSync(mkdtempSync(join(scratch(), "real-")));
    chmodSync(real, 0o700);
    const link = join(dirname(real), "link");
    symlinkSync(real, link);
    process.env.TMPDIR = link;
    const logs = new LogDir();
    const log = logs.create("web1");
    expect(logs.problem).toBeUndefined();
    expect(dirname(dirname(log!.path))).toBe(real);
    log!.write("kept");
    log!.close();
    expect(lstatSync(log!.path).mode & 0o777).toBe(0o600);
  });

  it("is refused where a symlinked TMPDIR leads to a directory others can write without the sticky bit", () => {
    const shared = mkdtempSync(join(scratch(), "shared-"));
    chmodSync(shared, 0o777);
    const link = join(dirname(shared), "link");
    symlinkSync(shared, link);
    process.env.TMPDIR = link;
    const logs = new LogDir();
    expect(logs.create("web1")).toBeUndefined();
    expect(logs.problem).toContain("is writable by others without the sticky bit");
  });

  it("says so when TMPDIR is no directory, or does not exist", () => {
    const file = join(scratch(), "file");
    writeFileSync(file, "");
    for (const [dir, why] of [
      [file, "is not a directory"],
      [join(file, "..", "missing"), "does not exist"],
    ] as const) {
      process.env.TMPDIR = dir;
      const logs = new LogDir();
      expect(logs.create("web1")).toBeUndefined();
      expect(logs.problem).toBe(`${dir} ${why}; set TMPDIR to a directory of your own`);
    }
  });
});
