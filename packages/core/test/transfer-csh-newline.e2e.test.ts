// An upload to a remote path holding a line break, for a user whose login shell is csh or tcsh (which reads no line
// break in a quoted word, and so none in the words an upload gives its host script): a TransferError that says so and
// what to do; it said only "rsync failed (exit code 12): connection unexpectedly closed". Needs root, as CI runs the
// tests.
import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrinter } from "../src/output/printer.ts";
import { TransferError } from "../src/transfer/transfer-error.ts";
import { useFleet } from "./helpers/fleet.ts";
import { rejection } from "./helpers/rejection.ts";
import { useSudoUser } from "./helpers/sudo-user.ts";

const root = mkdtempSync(join(tmpdir(), "dk-csh-newline-"));
const fleet = useFleet({ hosts: 1 });
const users = {
  tcsh: useSudoUser(fleet, `dk-tcshnl-${process.pid}`, "not used", { shell: "/usr/bin/tcsh" }),
  "bsd-csh": useSudoUser(fleet, `dk-cshnl-${process.pid}`, "not used", { shell: "/usr/bin/bsd-csh" }),
};

beforeAll(() => {
  chmodSync(root, 0o777);
  writeFileSync(join(root, "file"), "x\n");
  setPrinter({ line: () => undefined, notice: () => {} });
});
afterAll(() => {
  setPrinter(undefined);
  rmSync(root, { recursive: true, force: true });
});

describe.each(Object.keys(users))("an upload for a user whose login shell is %s", (shell) => {
  it("to a path holding a line break says that the shell reads none, and what to do", async () => {
    const dir = mkdtempSync(join(root, `${shell}-`));
    chmodSync(dir, 0o777);
    const destination = join(dir, "two\nlines");
    const user = users[shell as keyof typeof users];
    const e = await rejection(user.host().upload(join(root, "file"), destination), TransferError);
    expect(e.kind).toBe("failed");
    expect(e.reason).toBe(
      `the login shell on the host (csh or tcsh) reads no line break in a path, and ${JSON.stringify(destination)} ` +
        "holds one: choose a path without one, or log in as a user whose shell is sh or bash",
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});
