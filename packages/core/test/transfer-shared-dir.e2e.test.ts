// A directory mirrored into an existing one that the login user may write in but does not own (a shared 1777
// directory, a group's): every file is copied, and the directory keeps its own mode and owner, as any directory
// mirrored into does; rsync's failure to set that directory's own mode is no failure of the upload. A mode asked for
// directories is, as then the upload did not do what was asked. A throwaway user (needs root, as CI runs the tests).
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrinter } from "../src/output/printer.ts";
import { TransferError } from "../src/transfer/transfer-error.ts";
import { useFleet } from "./helpers/fleet.ts";
import { rejection } from "./helpers/rejection.ts";
import { useSudoUser } from "./helpers/sudo-user.ts";

const fleet = useFleet({ hosts: 1 });
const user = useSudoUser(fleet, `dk-shared-${process.pid}`, "not used");
const root = mkdtempSync(join(tmpdir(), "dk-shared-dir-"));
const SOURCE = join(root, "src");
const mode = (path: string) => (statSync(path).mode & 0o7777).toString(8);

beforeAll(() => {
  chmodSync(root, 0o755);
  mkdirSync(join(SOURCE, "sub"), { recursive: true });
  chmodSync(SOURCE, 0o755);
  writeFileSync(join(SOURCE, "sub", "app.txt"), "app\n");
  setPrinter({ line: () => undefined, notice: () => {} });
});
afterAll(() => {
  setPrinter(undefined);
  rmSync(root, { recursive: true, force: true });
});

// A directory root owns that everyone may write in.
function shared(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  chmodSync(dir, 0o1777);
  return dir;
}

describe("an upload into a shared directory the login user does not own", () => {
  it("copies every file and leaves the directory its own mode", async () => {
    const dir = shared("shared");
    const result = await user.host().upload(SOURCE, dir);
    expect(readFileSync(join(dir, "sub", "app.txt"), "utf8")).toBe("app\n");
    expect(result.files).toBe(1);
    expect(mode(dir)).toBe("1777");
  });

  it("fails when a mode was asked for directories, which it could not give that one", async () => {
    const dir = shared("asked");
    const e = await rejection(user.host().upload(SOURCE, dir, { mode: "D750,F640" }), TransferError);
    expect(e.kind).toBe("permission-denied");
    expect(e.reason).toMatch(/^permission denied: failed to set (permissions|times) on ".*\/asked\/\.": Operation not/);
  });
});
