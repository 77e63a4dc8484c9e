// An upload under a directory of the host that takes no new directories (/proc): the host's mkdir says "No such file
// or directory" of the part it could not make; the upload says which directory takes none and what to do, as a
// download does of this machine's (it said only "connection unexpectedly closed").
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrinter } from "../src/output/printer.ts";
import { TransferError } from "../src/transfer/transfer-error.ts";
import { useFleet } from "./helpers/fleet.ts";
import { rejection } from "./helpers/rejection.ts";

const root = mkdtempSync(join(tmpdir(), "dk-virtual-fs-"));
const fleet = useFleet({ hosts: 1 });
const FILE = join(root, "file");

beforeAll(() => {
  writeFileSync(FILE, "x\n");
  setPrinter({ line: () => undefined, notice: () => {} });
});
afterAll(() => {
  setPrinter(undefined);
  rmSync(root, { recursive: true, force: true });
});

describe("an upload under /proc on the host", () => {
  it.each([
    ["a file", FILE],
    ["a directory", root],
  ])("of %s says that /proc takes no new directories", async (_what, source) => {
    const e = await rejection(fleet.host().upload(source, "/proc/dk-no-such/dir/x"), TransferError);
    expect(e.kind).toBe("failed");
    expect(e.reason).toBe(
      "cannot make the remote directory /proc/dk-no-such: /proc takes no new directories (mkdir: cannot create " +
        "directory '/proc/dk-no-such': No such file or directory); choose a destination on a file system the host " +
        "can write to",
    );
  });
});
