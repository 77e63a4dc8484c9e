// A file the login user may write, in a directory they may not (a group's config file in /etc/app), is written in
// place, as scp writes it: rsync writes a temporary file beside it to rename, and failed there ("mkstemp … Permission
// denied"). The file keeps its own mode and owner, which only its owner may set; asked for them, the upload still
// fails. A throwaway user (needs root, as CI runs the tests).
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
const user = useSudoUser(fleet, `dk-inplace-${process.pid}`, "not used");
const root = mkdtempSync(join(tmpdir(), "dk-in-place-"));
const SOURCE = join(root, "source.conf");

beforeAll(() => {
  chmodSync(root, 0o755);
  writeFileSync(SOURCE, "new content\n");
  chmodSync(SOURCE, 0o644);
  setPrinter({ line: () => undefined, notice: () => {} });
});
afterAll(() => {
  setPrinter(undefined);
  rmSync(root, { recursive: true, force: true });
});

// root's directory (755) holding root's file that everyone may write (666).
function writableFile(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, "app.conf"), "old\n");
  chmodSync(join(dir, "app.conf"), 0o666);
  return join(dir, "app.conf");
}

describe("an upload onto a file the login user may write in a directory they may not", () => {
  it("writes the file in place, which keeps its mode and owner", async () => {
    const file = writableFile("etc");
    const inode = statSync(file).ino;
    const result = await user.host().upload(SOURCE, file);
    expect(readFileSync(file, "utf8")).toBe("new content\n");
    expect(statSync(file)).toMatchObject({ ino: inode, uid: 0, mode: 0o100666 });
    expect(result).toMatchObject({ destination: file, files: 1 });
  });

  it("fails when a mode was asked for it, which it could not give", async () => {
    const file = writableFile("asked");
    const e = await rejection(user.host().upload(SOURCE, file, { mode: 0o640 }), TransferError);
    expect(e.kind).toBe("permission-denied");
    expect(readFileSync(file, "utf8")).toBe("old\n");
  });
});
