// An upload's local source is checked before anything runs: one that cannot be read is said as what it is (a symlink
// to nothing, a loop of symlinks), not as "does not exist" of a name `ls` shows.
import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Group } from "../src/group.ts";
import { Host } from "../src/host.ts";
import { localSourceMissing } from "../src/transfer/local-errors.ts";
import { TransferError } from "../src/transfer/transfer-error.ts";

// Never reached: every case fails before connecting.
const host = new Host("127.0.0.2", { hostKeyCheck: "none" });
const dir = mkdtempSync(join(tmpdir(), "dk-local-source-"));

async function failure(promise: Promise<unknown>): Promise<TransferError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TransferError)) throw new Error(`expected a TransferError, got ${String(error)}`);
  return error;
}

describe("an upload's local source that cannot be read", () => {
  it("a symlink to nothing names what it points to", async () => {
    const link = join(dir, "current");
    symlinkSync("releases/42", link);
    const e = await failure(host.upload(link, "/srv/app"));
    expect(e.kind).toBe("source-missing");
    expect(e.message).toBe(`[127.0.0.2] the local source ${link} is a symlink to releases/42, which does not exist`);
    const group = await failure(new Group([host]).upload(link, "/srv/app"));
    expect(group.reason).toBe(e.reason);
  });

  it("a loop of symlinks says so", async () => {
    symlinkSync("b", join(dir, "a"));
    symlinkSync("a", join(dir, "b"));
    const e = await failure(host.upload(join(dir, "a"), "/srv/app"));
    expect(e.kind).toBe("source-missing");
    expect(e.reason).toBe(`the local source ${join(dir, "a")} cannot be followed: its symlinks lead in a loop`);
  });

  it("a file named as a directory (a trailing / or a path below it) says that it is a file", async () => {
    const file = join(dir, "notes.txt");
    writeFileSync(file, "x");
    const trailing = await failure(host.upload(`${file}/`, "/srv/app"));
    expect(trailing.kind).toBe("source-missing");
    expect(trailing.reason).toBe(
      `the local source ${file}/ does not exist: ${file} is a file, not a directory (drop the trailing /)`,
    );
    const below = await failure(host.upload(join(file, "a", "b"), "/srv/app"));
    expect(below.reason).toBe(`the local source ${file}/a/b does not exist: ${file} is a file, not a directory`);
  });

  it("a missing one does not exist; one this user may not reach is a permission error", () => {
    expect(localSourceMissing(join(dir, "nope"), undefined).reason).toBe(
      `the local source ${join(dir, "nope")} does not exist`,
    );
    // (As root every path is reachable: the error is the one stat gives a user without the right.)
    const denied = Object.assign(new Error("EACCES: permission denied, stat '/root/x'"), { code: "EACCES" });
    const e = localSourceMissing("/root/x", "web1", denied);
    expect(e.kind).toBe("permission-denied");
    expect(e.message).toBe(
      "[web1] the local source /root/x cannot be read here (EACCES: permission denied, stat '/root/x'); " +
        "run as a user who may read it",
    );
  });
});
