// A directory's copy that fails for some of its files only (rsync's exit code 23, a partial transfer) says that the
// rest arrived: it said only why the one file failed, leaving whether anything was copied to guess. A throwaway user
// (needs root, as CI runs the tests), for a file it may not read.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
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
const user = useSudoUser(fleet, `dk-partial-${process.pid}`, PASSWORD);
const root = mkdtempSync(join(tmpdir(), "dk-partial-"));

beforeAll(() => {
  chmodSync(root, 0o755);
  setPrinter({ line: () => undefined, notice: () => {} });
});
afterAll(() => {
  setPrinter(undefined);
  rmSync(root, { recursive: true, force: true });
});

describe("a directory's copy that fails for one of its files", () => {
  it("download: says why, and that the rest of the directory was copied", async () => {
    const source = join(root, "logs");
    mkdirSync(source);
    chmodSync(source, 0o755);
    for (const name of ["a.log", "b.log", "secret.log"])
      writeFileSync(join(source, name), `${name}\n`, { mode: 0o644 });
    chmodSync(join(source, "secret.log"), 0o600);
    const copy = join(root, "copy");
    mkdirSync(copy);
    chmodSync(copy, 0o777);
    const error = await rejection(user.host().download(source, copy), TransferError);
    expect(error.kind).toBe("permission-denied");
    expect(error.reason).toMatch(/^permission denied: send_files failed to open ".*secret\.log": Permission denied/);
    expect(error.reason).toMatch(/ \(the rest of the directory was copied\)$/);
    expect(readdirSync(copy).sort()).toEqual(["a.log", "b.log"]);
  });

  it("download of a file that cannot be read: nothing said of a rest", async () => {
    const file = join(root, "alone.log");
    writeFileSync(file, "x\n", { mode: 0o600 });
    const error = await rejection(user.host().download(file, join(root, "alone-copy.log")), TransferError);
    expect(error.kind).toBe("permission-denied");
    expect(error.reason).not.toContain("the rest");
  });

  it("staged upload (a sudo password): a directory in the way of one file, the rest copied as root", async () => {
    const source = join(root, "site");
    mkdirSync(source);
    chmodSync(source, 0o755);
    for (const name of ["config", "index.html"]) writeFileSync(join(source, name), `${name}\n`, { mode: 0o644 });
    const copy = join(root, "site-copy");
    mkdirSync(join(copy, "config"), { recursive: true });
    writeFileSync(join(copy, "config", "kept"), "x\n");
    const staged = { becomeRoot: true, sudoPassword: PASSWORD };
    const error = await rejection(user.host().upload(source, copy, staged), TransferError);
    expect(error.reason).toMatch(/^a directory in .* is in the way of a file of the source/);
    expect(error.reason).toMatch(/ \(the rest of the directory was copied\)$/);
    expect(readdirSync(copy).sort()).toEqual(["config", "index.html"]);
  });
});
