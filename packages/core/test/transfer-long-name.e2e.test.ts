// A transfer to or from a path with a name longer than the file system takes (255 bytes on most) fails with a
// TransferError that says so and what to do, whichever step finds it: rsync ("cannot stat destination"), the host's
// mkdir (it said "connection unexpectedly closed"), the link a new file named as a pattern is sent from (it threw
// Node's bare ENAMETOOLONG).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrinter } from "../src/output/printer.ts";
import { TransferError } from "../src/transfer/transfer-error.ts";
import { useFleet } from "./helpers/fleet.ts";
import { rejection } from "./helpers/rejection.ts";

const root = mkdtempSync(join(tmpdir(), "dk-long-name-"));
const fleet = useFleet({ hosts: 1 });
const LONG = "n".repeat(300);
const FILE = join(root, "file");

beforeAll(() => {
  writeFileSync(FILE, "x\n");
  setPrinter({ line: () => undefined, notice: () => {} });
});
afterAll(() => {
  setPrinter(undefined);
  rmSync(root, { recursive: true, force: true });
});

describe("a name longer than the file system takes", () => {
  it.each([
    ["a file uploaded", () => fleet.host().upload(FILE, join(root, LONG))],
    ["a directory uploaded", () => fleet.host().upload(root, join(root, "up", LONG))],
    ["a file uploaded under a new name with *", () => fleet.host().upload(FILE, join(root, `*${LONG}`))],
    ["a file downloaded", () => fleet.host().download(FILE, join(root, "down", LONG))],
    ["a source downloaded", () => fleet.host().download(join(root, LONG), join(root, "down/"))],
  ])("%s fails saying so", async (_what, transfer) => {
    const e = await rejection(transfer(), TransferError);
    expect(e.kind).toBe("failed");
    expect(e.reason).toMatch(
      /^a name in the path is longer than the file system takes \(most take 255 bytes\): .*File name too long.*; /,
    );
    expect(e.reason).toMatch(/; choose a shorter one$/);
  });
});
