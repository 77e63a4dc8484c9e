// An upload's destination named with `*`, `?` or `[` names itself: the host's rsync reads its destination as a
// pattern, so a file uploaded to dir/* was written over another file there that the pattern matched (dir/b). A
// directory, a file that exists and a new file are written as named, directly and staged, and a download's source
// and destination so named name themselves. Needs root for the staged case, as CI runs the tests.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrinter } from "../src/output/printer.ts";
import { leftInTmpdir } from "@deploykit/sandbox";
import { useFleet } from "./helpers/fleet.ts";
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

  it("makes a new file of that name, touching no other", async () => {
    const dir = target(name, false);
    let result: unknown;
    // The link of that name it sent from here is gone.
    expect(await leftInTmpdir(async () => (result = await fleet.host().upload(FILE, join(dir, name))))).toEqual([]);
    expect(readFileSync(join(dir, name), "utf8")).toBe("new content\n");
    expect(readdirSync(dir).sort()).toEqual([name, "a", "b"].sort());
    expect(readFileSync(join(dir, "b"), "utf8")).toBe("old b\n");
    expect(result).toMatchObject({ destination: join(dir, name), files: 1 });
  });

  it("makes a new file of that name where a symlink to nothing leads", async () => {
    const dir = target(name, false);
    symlinkSync(name, join(dir, "link"));
    await fleet.host().upload(FILE, join(dir, "link"));
    expect(readFileSync(join(dir, name), "utf8")).toBe("new content\n");
    expect(readlinkSync(join(dir, "link"))).toBe(name);
    expect(readFileSync(join(dir, "b"), "utf8")).toBe("old b\n");
  });

  it("downloads the file of that name, not those it would match, to a new file of that name", async () => {
    const dir = target(name, true);
    const here = mkdtempSync(join(root, "here-"));
    writeFileSync(join(here, "a"), "here a\n");
    await fleet.host().download(join(dir, name), join(here, name));
    expect(readFileSync(join(here, name), "utf8")).toBe("old\n");
    expect(readdirSync(here).sort()).toEqual([name, "a"].sort());
    expect(readFileSync(join(here, "a"), "utf8")).toBe("here a\n");
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
