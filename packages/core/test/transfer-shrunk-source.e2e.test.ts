// A source file that gets shorter while rsync reads it (a log rotated, a file rewritten): rsync's sender cannot read
// the rest it listed and exits 23. The error says the source changed and what to do; it said "rsync failed (exit code
// 23): read errors mapping …: No data available (61)".
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitUntil } from "@deploykit/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrinter } from "../src/output/printer.ts";
import { TransferError } from "../src/transfer/transfer-error.ts";
import { useFleet } from "./helpers/fleet.ts";
import { copying } from "./helpers/hang-copy.ts";
import { rejection } from "./helpers/rejection.ts";

const fleet = useFleet({ hosts: 1 });
const root = mkdtempSync(join(tmpdir(), "dk-shrunk-source-"));

beforeAll(() => setPrinter({ line: () => undefined, notice: () => {} }));
afterAll(() => {
  setPrinter(undefined);
  rmSync(root, { recursive: true, force: true });
});

describe("a source file that gets shorter during the copy", () => {
  it.each([
    ["upload", "local"],
    ["download", "remote"],
  ] as const)("%s: says the %s source got shorter, and what to do", async (direction, side) => {
    const source = join(root, `${direction}.log`);
    // Sparse: costs no disk, while rsync reads every byte of it.
    writeFileSync(source, "");
    truncateSync(source, 300_000_000);
    const dir = join(root, `${direction}-copy`);
    mkdirSync(dir);
    const settled = rejection(fleet.host()[direction](source, join(dir, "app.log")), TransferError);
    await waitUntil(copying(dir), "rsync to copy", 20_000);
    truncateSync(source, 0);
    const error = await settled;
    expect(error.kind).toBe("failed");
    expect(error.reason).toBe(
      `the ${side} source got shorter while it was copied (read errors mapping "${source}": No data available ` +
        "(61)); copy again once it stops changing",
    );
  });
});
