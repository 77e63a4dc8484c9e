// becomeRoot transfers for a login user whose sudo finds no rsync on its secure_path (rsync missing, or installed
// where sudo does not look, as /usr/local/bin can be): said as sudo's search, with both ways out, not as rsync missing
// from a host where the login user runs it.
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrinter } from "../src/output/printer.ts";
import { TransferError } from "../src/transfer/transfer-error.ts";
import { useFleet } from "./helpers/fleet.ts";
import { rejection } from "./helpers/rejection.ts";
import { useSudoUser } from "./helpers/sudo-user.ts";

const root = mkdtempSync(join(tmpdir(), "dk-sudo-path-"));
// sudo's secure_path: what a transfer runs through sudo, but no rsync.
const BIN = join(root, "bin");
const fleet = useFleet({ hosts: 1 });
const NAME = `dk-sudopath-${process.pid}`;
const user = useSudoUser(fleet, NAME, "not used", { noPassword: true });

beforeAll(() => {
  chmodSync(root, 0o755);
  mkdirSync(BIN);
  for (const tool of ["sh", "mkdir"]) symlinkSync(`/usr/bin/${tool}`, join(BIN, tool));
  appendFileSync(`/etc/sudoers.d/${NAME}`, `Defaults:${NAME} secure_path=${BIN}\n`);
  writeFileSync(join(root, "file"), "x");
  setPrinter({ line: () => undefined, notice: () => {} });
});
afterAll(() => {
  setPrinter(undefined);
  rmSync(root, { recursive: true, force: true });
});

describe("becomeRoot where sudo finds no rsync", () => {
  it.each([
    ["an upload", () => user.host().upload(join(root, "file"), join(root, "up/"), { becomeRoot: true })],
    ["a download", () => user.host().download(join(root, "file"), join(root, "down/"), { becomeRoot: true })],
  ])("%s says where sudo looks and what to do", async (_name, transfer) => {
    const e = await rejection(transfer(), TransferError);
    expect(e.kind).toBe("rsync-missing-remote");
    expect(e.reason).toBe(
      "sudo on the host finds no rsync on its secure_path (sudo: rsync: command not found): install rsync there " +
        "(Debian/Ubuntu: apt-get install rsync; Fedora: dnf install rsync; macOS: brew install rsync), or, where it " +
        "is installed elsewhere, add its directory to secure_path in the host's sudoers",
    );
  });
});
