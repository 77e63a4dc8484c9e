// A destination that cannot take the files: a full file system, or a read-only one, on the host for an upload and
// here for a download. Small tmpfs mounts of this test's own (needs root, as CI runs the tests) stand in for both.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { setPrinter } from "../src/output/printer.ts";
import { TransferError, rsyncFailed } from "../src/transfer/transfer-error.ts";
import { useFleet } from "./helpers/fleet.ts";
import { rejection } from "./helpers/rejection.ts";

const fleet = useFleet({ hosts: 1 });
const root = mkdtempSync(join(tmpdir(), "dk-full-disk-"));
const [full, readOnly] = [join(root, "full"), join(root, "read-only")];
const mounted: string[] = [];
// Four times what the full file system holds, written from a directory of its own.
const big = join(root, "src", "big.bin");

beforeAll(() => {
  if (process.getuid?.() !== 0)
    throw new Error("this test mounts small tmpfs file systems: run it as root, as CI does");
  setPrinter({ line: () => undefined, notice: () => {} });
  mkdirSync(join(root, "src"));
  writeFileSync(big, randomBytes(1024 * 1024));
  for (const [dir, options] of [
    [full, "size=256k"],
    [readOnly, "ro,size=64k"],
  ] as const) {
    mkdirSync(dir);
    execFileSync("mount", ["-t", "tmpfs", "-o", options, "dk-full-disk", dir]);
    mounted.push(dir);
  }
});

afterAll(() => {
  setPrinter(undefined);
  for (const dir of mounted) execFileSync("umount", [dir]);
  rmSync(root, { recursive: true, force: true });
});

const host = () => fleet.host();
const failure = (transfer: Promise<unknown>) => rejection(transfer, TransferError);

describe("a destination that cannot take the files", () => {
  it.each(["upload", "download"] as const)("%s into a full file system: says so and what to do", async (how) => {
    const side = how === "upload" ? "on the host" : "here";
    const e = await failure(host()[how](big, `${full}/`));
    expect(e.kind).toBe("failed");
    // rsync at times exits 11 without the receiver's line: the reason still names the destination and the next step.
    expect(e.reason).toMatch(new RegExp(`the destination ${side} has no room left|check ${full}/ ${side}`));
    expect(e.reason).toContain("df -h");
    // Nothing half-written stays behind.
    expect(readdirSync(full)).toEqual([]);
  });

  it.each(["upload", "download"] as const)("%s into a read-only file system: says so", async (how) => {
    const side = how === "upload" ? "on the host" : "here";
    // (A download makes its missing directories here before rsync starts, with a message of its own.)
    const destinations = how === "upload" ? [`${readOnly}/`, join(readOnly, "new", "big.bin")] : [`${readOnly}/`];
    for (const destination of destinations) {
      const e = await failure(host()[how](big, destination));
      expect(e.kind).toBe("failed");
      expect(e.reason).toMatch(new RegExp(`^the destination ${side} is on a read-only file system \\(.*\\); choose`));
    }
  });

  it("rsync's exit code 11 without a word of why names the destination and what to check", () => {
    const result = { command: "rsync …", exitCode: 11, stdout: "", stderr: "", durationMs: 5, host: "web" };
    const where = { hostname: "web", tag: "web", destination: "/srv/app" };
    const e = rsyncFailed(new CommandError(result, { host: "web" }), "upload", where, []);
    expect(e.reason).toBe(
      "rsync failed (exit code 11: an error reading or writing a file, which it did not name); most often the " +
        "destination on the host has no room left or is read-only: check /srv/app on the host (df -h), then copy again",
    );
  });
});
