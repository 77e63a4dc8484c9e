// becomeRoot transfers for a login user other than root, to a host without sudo: each way of transferring says that
// sudo is missing there, not rsync's "connection unexpectedly closed" nor "rsync failed" over the shell's words.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrinter } from "../src/output/printer.ts";
import { TransferError } from "../src/transfer/transfer-error.ts";
import { useFleet } from "./helpers/fleet.ts";
import { rejection } from "./helpers/rejection.ts";
import { useSudoUser } from "./helpers/sudo-user.ts";

const root = mkdtempSync(join(tmpdir(), "dk-no-sudo-"));
// The host's PATH: what a transfer runs there, but no sudo.
const BIN = join(root, "bin");
const fleet = useFleet({ hosts: 1, env: { PATH: BIN } });
const PASSWORD = `pw-${process.pid}`;
const user = useSudoUser(fleet, `dk-nosudo-${process.pid}`, PASSWORD);
const NO_SUDO = /^\[[^\]]+\] sudo is not installed on the host, .*; install it there .*, or log in as root$/;

beforeAll(() => {
  chmodSync(root, 0o755);
  mkdirSync(BIN);
  for (const tool of ["sh", "bash", "mkdir", "rsync", "id", "stat", "chmod", "mktemp", "rm"])
    symlinkSync(`/usr/bin/${tool}`, join(BIN, tool));
  writeFileSync(join(root, "file"), "x");
  setPrinter({ line: () => undefined, notice: () => {} });
});
afterAll(() => {
  setPrinter(undefined);
  rmSync(root, { recursive: true, force: true });
});

describe("becomeRoot on a host without sudo", () => {
  it.each([
    ["an upload", () => user.host().upload(join(root, "file"), join(root, "up/"), { becomeRoot: true })],
    ["a download", () => user.host().download(join(root, "file"), join(root, "down/"), { becomeRoot: true })],
    [
      "a staged upload",
      () => user.host().upload(join(root, "file"), join(root, "up/"), { becomeRoot: true, sudoPassword: PASSWORD }),
    ],
  ])("%s says that sudo is missing there", async (_name, transfer) => {
    const e = await rejection(transfer(), TransferError);
    expect(e.message).toMatch(NO_SUDO);
    expect(e.kind).toBe("failed");
  });
});
