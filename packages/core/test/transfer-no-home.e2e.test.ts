// A login user whose home does not exist on the host: sshd starts its sessions in / instead, so a remote path
// relative to the home (`app`, `~/app`, `~`) would name one under /, as root with becomeRoot. Such a transfer fails
// before it copies anything, naming the home; an absolute path works. A throwaway user (needs root, as CI runs the
// tests) logs in to the sandbox host.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSudoUser, type SudoUser } from "@deploykit/sandbox";
import { setPrinter } from "../src/output/printer.ts";
import { TransferError } from "../src/transfer/transfer-error.ts";
import { useFleet } from "./helpers/fleet.ts";
import { rejection } from "./helpers/rejection.ts";

const fleet = useFleet({ hosts: 1 });
const root = mkdtempSync(join(tmpdir(), "dk-no-home-"));
const NAME = `dk-nohome-${process.pid}`;
const HOME = join(root, "gone");
// Where a relative upload as root would land without the check; removed after, should it appear.
const UNDER_ROOT = `/${NAME}`;
let user: SudoUser | undefined;

beforeAll(() => {
  // The user reads the sandbox's authorized_keys through these directories.
  chmodSync(fleet.sandbox.dir, 0o755);
  chmodSync(root, 0o755);
  user = createSudoUser(NAME, "unused", HOME, { noPassword: true });
  setPrinter({ line: () => undefined, notice: () => {} });
});

afterAll(async () => {
  setPrinter(undefined);
  await user?.remove();
  rmSync(UNDER_ROOT, { recursive: true, force: true });
  rmSync(root, { recursive: true, force: true });
});

const host = () => fleet.host({ user: NAME });
const REASON = new RegExp(
  `^the remote path \\S+ is relative to the login user's home, ${HOME}, which the host cannot enter ` +
    "\\(No such file or directory\\): it would start at /; give the path absolute, or create the home$",
);

describe("a login user whose home does not exist", () => {
  it("a download of a relative path copies nothing from / and names the home", async () => {
    const out = join(root, "out");
    for (const source of ["etc/hostname", "~/etc/hostname", "~"]) {
      const e = await rejection(host().download(source, out), TransferError);
      expect(e.kind).toBe("failed");
      expect(e.reason).toMatch(REASON);
      expect(existsSync(out)).toBe(false);
    }
  });

  it("an upload to a relative path writes nothing under /, with becomeRoot too", async () => {
    const file = join(root, "f.txt");
    writeFileSync(file, "f\n");
    const dir = join(root, "dir");
    mkdirSync(dir);
    writeFileSync(join(dir, "g.txt"), "g\n");
    for (const [source, destination] of [
      [file, `${NAME}/f.txt`],
      [dir, `~/${NAME}`],
    ] as const) {
      const e = await rejection(host().upload(source, destination, { becomeRoot: true }), TransferError);
      expect(e.reason).toMatch(REASON);
      expect(existsSync(UNDER_ROOT)).toBe(false);
    }
  });

  it("absolute paths work as usual", async () => {
    const file = join(root, "abs.txt");
    writeFileSync(file, "abs\n");
    const dest = join(root, "abs-out");
    await host().upload(file, `${dest}/`, { becomeRoot: true });
    expect(readFileSync(join(dest, "abs.txt"), "utf8")).toBe("abs\n");
    await host().download(join(dest, "abs.txt"), join(root, "back.txt"));
    expect(readFileSync(join(root, "back.txt"), "utf8")).toBe("abs\n");
  });
});
