// A directory transferred onto a symlink to nothing (a link kept for a release directory, or to a mount not made yet)
// makes the directory where the link leads and fills it, and the link stays, as a file onto such a link makes the file
// it names: on the host (directly and staged, becomeRoot through a sudo that wants a password), and here for a
// download; a file into such a directory too. It said "a file is in the way". Needs root for the staged case, as CI
// runs the tests.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrinter } from "../src/output/printer.ts";
import { useFleet } from "./helpers/fleet.ts";
import { useSudoUser } from "./helpers/sudo-user.ts";

const root = mkdtempSync(join(tmpdir(), "dk-dir-link-"));
const fleet = useFleet({ hosts: 1 });
const PASSWORD = `pw ${process.pid}`;
const sudo = useSudoUser(fleet, `dk-dirl-${process.pid}`, PASSWORD);
const TREE = join(root, "tree");

beforeAll(() => {
  chmodSync(root, 0o755);
  mkdirSync(join(TREE, "sub"), { recursive: true });
  writeFileSync(join(TREE, "sub", "f"), "in tree\n");
  writeFileSync(join(root, "file.txt"), "a file\n");
  setPrinter({ line: () => undefined, notice: () => {} });
});
afterAll(() => {
  setPrinter(undefined);
  rmSync(root, { recursive: true, force: true });
});

// A new directory with `current`, a symlink to `releases/42`, which does not exist.
function dangling(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  chmodSync(dir, 0o777);
  symlinkSync("releases/42", join(dir, "current"));
  return dir;
}

const ways = [
  ["directly", () => fleet.host(), {}],
  ["staged", () => sudo.host(), { becomeRoot: true, sudoPassword: PASSWORD }],
] as const;

describe.each(ways)("uploaded %s onto a symlink to nothing", (how, host, options) => {
  it.each(["current", "current/"])("a directory (to %j) fills the directory it names, made", async (to) => {
    const dir = dangling(`${how}-${to.length}-dir`);
    await host().upload(TREE, join(dir, to), options);
    expect(readFileSync(join(dir, "releases", "42", "sub", "f"), "utf8")).toBe("in tree\n");
    expect(readlinkSync(join(dir, "current"))).toBe("releases/42");
  });

  it("a file into it goes into the directory it names, made", async () => {
    const dir = dangling(`${how}-file`);
    await host().upload(join(root, "file.txt"), join(dir, "current", "file.txt"), options);
    expect(readFileSync(join(dir, "releases", "42", "file.txt"), "utf8")).toBe("a file\n");
    expect(readlinkSync(join(dir, "current"))).toBe("releases/42");
  });
});

describe("downloaded onto a symlink to nothing here", () => {
  it.each(["current", "current/"])("a directory (to %j) fills the directory it names, made", async (to) => {
    const dir = dangling(`down-${to.length}-dir`);
    await fleet.host().download(TREE, join(dir, to));
    expect(readFileSync(join(dir, "releases", "42", "sub", "f"), "utf8")).toBe("in tree\n");
    expect(readlinkSync(join(dir, "current"))).toBe("releases/42");
  });

  it("a file into it goes into the directory it names, made", async () => {
    const dir = dangling("down-file");
    await fleet.host().download(join(root, "file.txt"), join(dir, "current", "file.txt"));
    expect(readFileSync(join(dir, "releases", "42", "file.txt"), "utf8")).toBe("a file\n");
    expect(readlinkSync(join(dir, "current"))).toBe("releases/42");
  });
});
