// An upload's destination named with `*`, `?` or `[` names itself: the host's rsync reads its destination as a
// pattern, so a file uploaded to dir/* was written over another file there that the pattern matched (dir/b). A
// directory, and a file that exists, are written as named; a new file so named is refused, saying what to do, but
// where the host's own rsync places it (staged). Needs root for the staged case, as CI runs the tests.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrinter } from "../src/output/printer.ts";
import { TransferError } from "../src/transfer/transfer-error.ts";
import { useFleet } from "./helpers/fleet.ts";
import { rejection } from "./helpers/rejection.ts";
import { useSudoUser } from "./helpers/sudo-user.ts";

const fleet = useFleet({ hosts: 1 });
const PASSWORD = `pw ${process.pid}`;
const sudo = useSudoUser(fleet, `dk-glob-${process.pid}`, PASSWORD);
const root = mkdtempSync(join(tmpdir(), "dk-glob-name-"));
const FILE = join(root, "source.txt");
const DIR = join(root, "source-dir");

beforeAll(() => {
  chmodSync(root, 0o755);
  writeFileSync(FILE, "new content\n");
  mkdirSync(DIR);
  writeFileSync(join(DIR, "f"), "in dir\n");
  setPrinter({ line: () => undefined, notice: () => {} });
});
afterAll(() => {
  setPrinter(undefined);
  rmSync(root, { recursive: true, force: true });
});

// A directory on the host with the files a and b, and the file named `name` when `existing`.
function target(name: string, existing: boolean): string {
  const dir = mkdtempSync(join(root, "dest-"));
  writeFileSync(join(dir, "a"), "old a\n");
  writeFileSync(join(dir, "b"), "old b\n");
  if (existing) writeFileSync(join(dir, name), "old\n");
  return dir;
}

describe.each(["*", "[ab]", "a?"])("an upload to a destination named %s", (name) => {
  it("writes a file of that name that exists, and no other", async () => {
    const dir = target(name, true);
    await fleet.host().upload(FILE, join(dir, name));
    expect(readFileSync(join(dir, name), "utf8")).toBe("new content\n");
    expect([readFileSync(join(dir, "a"), "utf8"), readFileSync(join(dir, "b"), "utf8")]).toEqual([
      "old a\n",
      "old b\n",
    ]);
  });

  it("refuses a new file of that name, touching no other", async () => {
    const dir = target(name, false);
    const e = await rejection(fleet.host().upload(FILE, join(dir, name)), TransferError);
    expect(e.reason).toBe(
      `cannot make ${join(dir, name)} on the host: the host's rsync reads a new file's name holding *, ? or [ as a ` +
        "pattern; upload it under another name, then rename it there (host.run(['mv', '--', from, to]))",
    );
    expect(readdirSync(dir).sort()).toEqual(["a", "b"]);
    expect(readFileSync(join(dir, "b"), "utf8")).toBe("old b\n");
  });

  it("staged (the host's own rsync placing it), makes a new file of that name", async () => {
    const dir = target(name, false);
    chmodSync(dir, 0o755);
    await sudo.host().upload(FILE, join(dir, name), { becomeRoot: true, sudoPassword: PASSWORD });
    expect(readFileSync(join(dir, name), "utf8")).toBe("new content\n");
    expect(readFileSync(join(dir, "b"), "utf8")).toBe("old b\n");
  });

  it("mirrors a directory into one of that name, and a file into a directory under it", async () => {
    const dir = target(name, false);
    await fleet.host().upload(DIR, join(dir, name, "sub"));
    await fleet.host().upload(FILE, join(dir, name, "file.txt"));
    expect(readFileSync(join(dir, name, "sub", "f"), "utf8")).toBe("in dir\n");
    expect(readFileSync(join(dir, name, "file.txt"), "utf8")).toBe("new content\n");
    expect(readdirSync(dir).sort()).toEqual([name, "a", "b"].sort());
  });
});
