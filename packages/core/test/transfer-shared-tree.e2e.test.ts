// A directory tree that several users of one group upload into (setgid, group-writable): each may write in every
// directory, but only a directory's owner may set its times, which rsync keeps as the source's. An upload that changed
// a file in another user's directory copied everything and is no failure for that directory's times; a mode it could
// not give is still one. Two throwaway users (needs root, as CI runs the tests).
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrinter } from "../src/output/printer.ts";
import { TransferError } from "../src/transfer/transfer-error.ts";
import { useFleet } from "./helpers/fleet.ts";
import { rejection } from "./helpers/rejection.ts";
import { useSudoUser } from "./helpers/sudo-user.ts";

const fleet = useFleet({ hosts: 1 });
const GROUP = `dk-team-${process.pid}`;
const alice = useSudoUser(fleet, `dk-tra-${process.pid}`, "not used");
const bob = useSudoUser(fleet, `dk-trb-${process.pid}`, "not used");
const root = mkdtempSync(join(tmpdir(), "dk-shared-tree-"));
const SOURCE = join(root, "src");
const gid = () => Number(execFileSync("getent", ["group", GROUP], { encoding: "utf8" }).split(":")[2]);

beforeAll(() => {
  execFileSync("groupadd", [GROUP]);
  for (const user of [alice.name, bob.name]) execFileSync("usermod", ["-aG", GROUP, user]);
  chmodSync(root, 0o755);
  mkdirSync(join(SOURCE, "sub"), { recursive: true });
  for (const dir of [SOURCE, join(SOURCE, "sub")]) chmodSync(dir, 0o2775);
  writeFileSync(join(SOURCE, "sub", "app.txt"), "one\n");
  setPrinter({ line: () => undefined, notice: () => {} });
});
afterAll(() => {
  setPrinter(undefined);
  rmSync(root, { recursive: true, force: true });
  execFileSync("groupdel", [GROUP]);
});

// The team's directory: root's, the group's to write in, new entries the group's (setgid).
function teamDir(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  chownSync(dir, 0, gid());
  chmodSync(dir, 0o2775);
  return dir;
}

describe("an upload into a tree another user of the group made", () => {
  it("copies a new file into that user's directory, whose times it cannot set", async () => {
    const dir = teamDir("tree");
    await alice.host().upload(SOURCE, dir);
    expect(statSync(join(dir, "sub")).uid).not.toBe(0);
    // A new file changes its directory's time, which rsync then sets on the host's copy.
    writeFileSync(join(SOURCE, "sub", "new.txt"), "new\n");
    const result = await bob.host().upload(SOURCE, dir);
    expect(readFileSync(join(dir, "sub", "new.txt"), "utf8")).toBe("new\n");
    expect(result.files).toBe(1);
  });

  it("still fails for a mode it could not give that directory", async () => {
    const dir = teamDir("modes");
    await alice.host().upload(SOURCE, dir);
    writeFileSync(join(SOURCE, "sub", "other.txt"), "other\n");
    const e = await rejection(bob.host().upload(SOURCE, dir, { mode: "D2770,F660" }), TransferError);
    expect(e.kind).toBe("permission-denied");
    expect(e.reason).toMatch(/^permission denied: failed to set permissions on ".*\/modes\/.*": Operation not/);
  });
});
