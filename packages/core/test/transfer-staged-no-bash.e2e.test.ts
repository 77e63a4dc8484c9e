// An upload as root on a host whose sudo finds no bash on its secure_path (a minimal system's sh alone): staged
// (through a sudo that wants a password), its step as root runs under dk's supervisor, which is bash, so it fails,
// saying so and what to do (it said "rsync failed: sudo: bash: command not found"); direct (sudo without one), it
// needs only sh.
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrinter } from "../src/output/printer.ts";
import { TransferError } from "../src/transfer/transfer-error.ts";
import { useFleet } from "./helpers/fleet.ts";
import { rejection } from "./helpers/rejection.ts";
import { useSudoUser } from "./helpers/sudo-user.ts";

const root = mkdtempSync(join(tmpdir(), "dk-staged-no-bash-"));
// sudo's secure_path: all a staged upload's step as root runs, but bash.
const BIN = join(root, "bin");
const fleet = useFleet({ hosts: 1 });
const PASSWORD = `pw ${process.pid}`;
const user = useSudoUser(fleet, `dk-nobash-${process.pid}`, PASSWORD);
const unasked = useSudoUser(fleet, `dk-nobashn-${process.pid}`, "not used", { noPassword: true });

beforeAll(() => {
  chmodSync(root, 0o755);
  mkdirSync(BIN);
  for (const tool of ["sh", "mkdir", "rsync", "stat", "chmod"]) symlinkSync(`/usr/bin/${tool}`, join(BIN, tool));
  for (const { name } of [user, unasked])
    appendFileSync(`/etc/sudoers.d/${name}`, `Defaults:${name} secure_path=${BIN}\n`);
  writeFileSync(join(root, "file"), "x");
  setPrinter({ line: () => undefined, notice: () => {} });
});
afterAll(() => {
  setPrinter(undefined);
  rmSync(root, { recursive: true, force: true });
});

describe("an upload as root where sudo finds no bash", () => {
  it("staged, says so and what to do", async () => {
    const staged = { becomeRoot: true, sudoPassword: PASSWORD } as const;
    const e = await rejection(user.host().upload(join(root, "file"), join(root, "staged/"), staged), TransferError);
    expect(e.kind).toBe("failed");
    expect(e.reason).toBe(
      "sudo on the host finds no bash on its secure_path, and an upload as root with a sudo password copies its " +
        "files into place in a command run as root through bash, which stops every process of it should the upload " +
        "be stopped (sudo: bash: command not found): install bash there (or add its directory to secure_path in the " +
        "host's sudoers), or allow rsync and mkdir without a password (sudoers: `USER ALL=(root) NOPASSWD: " +
        "/usr/bin/rsync, /usr/bin/mkdir`) and upload without one, which needs only sh, or log in as root",
    );
  });

  it("direct, through a sudo without a password, copies as root", async () => {
    const result = await unasked.host().upload(join(root, "file"), join(root, "direct/"), { becomeRoot: true });
    expect(result.files).toBe(1);
    expect(readFileSync(join(root, "direct", "file"), "utf8")).toBe("x");
    expect(statSync(join(root, "direct", "file")).uid).toBe(0);
  });
});
