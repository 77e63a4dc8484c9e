// An upload with becomeRoot through a sudo without a password checks its destination as root, as it copies: in a
// directory only root may enter, a file onto a symlink to a file is written where the link leads (the link stays),
// and a directory onto a symlink to nothing makes the directory it names; checked as the login user, who sees no link
// there, the link was replaced by the file, and the directory was "a file in the way". Where sudo allows only rsync
// and mkdir (as the errors advise), the upload still goes, checked as the login user. Needs root, as CI runs the tests.
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrinter } from "../src/output/printer.ts";
import { useFleet } from "./helpers/fleet.ts";
import { useSudoUser } from "./helpers/sudo-user.ts";

const root = mkdtempSync(join(tmpdir(), "dk-sudo-checks-"));
const fleet = useFleet({ hosts: 1 });
const full = useSudoUser(fleet, `dk-sckf-${process.pid}`, "not used", { noPassword: true });
const NARROW = `dk-sckn-${process.pid}`;
const narrow = useSudoUser(fleet, NARROW, `pw ${process.pid}`);
const SOURCE = join(root, "source.conf");
const TREE = join(root, "tree");

beforeAll(() => {
  chmodSync(root, 0o755);
  writeFileSync(SOURCE, "new\n");
  mkdirSync(TREE);
  writeFileSync(join(TREE, "f"), "in tree\n");
  appendFileSync(`/etc/sudoers.d/${NARROW}`, `${NARROW} ALL=(root) NOPASSWD: /usr/bin/rsync, /usr/bin/mkdir\n`);
  setPrinter({ line: () => undefined, notice: () => {} });
});
afterAll(() => {
  setPrinter(undefined);
  rmSync(root, { recursive: true, force: true });
});

// A directory only root may enter, holding `app.conf` (a symlink to `real.conf`) and `current` (one to nothing).
function hidden(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { mode: 0o700 });
  writeFileSync(join(dir, "real.conf"), "old file\n");
  symlinkSync("real.conf", join(dir, "app.conf"));
  symlinkSync("releases/42", join(dir, "current"));
  return dir;
}

describe("becomeRoot through a sudo without a password, in a directory only root may enter", () => {
  it("writes a file onto a symlink to a file where it leads, and keeps the link", async () => {
    const dir = hidden("file-link");
    await full.host().upload(SOURCE, join(dir, "app.conf"), { becomeRoot: true });
    expect(readFileSync(join(dir, "real.conf"), "utf8")).toBe("new\n");
    expect(readlinkSync(join(dir, "app.conf"))).toBe("real.conf");
  });

  it("makes the directory a symlink to nothing names, for a directory onto it", async () => {
    const dir = hidden("dir-link");
    await full.host().upload(TREE, join(dir, "current"), { becomeRoot: true });
    expect(readFileSync(join(dir, "releases", "42", "f"), "utf8")).toBe("in tree\n");
    expect(readlinkSync(join(dir, "current"))).toBe("releases/42");
  });

  it("where sudo allows only rsync and mkdir, still uploads", async () => {
    const dir = hidden("narrow");
    await narrow.host().upload(SOURCE, join(dir, "new.conf"), { becomeRoot: true });
    await narrow.host().upload(TREE, join(dir, "tree"), { becomeRoot: true });
    expect(readFileSync(join(dir, "new.conf"), "utf8")).toBe("new\n");
    expect(readFileSync(join(dir, "tree", "f"), "utf8")).toBe("in tree\n");
  });
});
