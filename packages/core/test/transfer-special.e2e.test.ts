// A device, a named pipe or a socket as a transfer's source: rsync skips it, prints "skipping non-regular file" and
// exits 0, so the transfer would succeed having copied nothing. It fails instead, before anything is sent.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TransferError } from "../src/transfer/transfer-error.ts";
import { rejection } from "./helpers/rejection.ts";
import { useFleet } from "./helpers/fleet.ts";

const fleet = useFleet({ hosts: 1 });
const host = () => fleet.group().hosts[0]!;
const root = mkdtempSync(join(tmpdir(), "dk-transfer-special-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const pipe = join(root, "pipe");
execFileSync("mkfifo", [pipe]);
const link = join(root, "to-null");
symlinkSync("/dev/null", link);

describe("a source rsync would skip", () => {
  it("an upload of a device, a named pipe, or a symlink to one fails before connecting", async () => {
    const out = mkdtempSync(join(root, "up-"));
    for (const [source, what] of [
      ["/dev/null", "a character device"],
      [pipe, "a named pipe"],
      [link, "a character device"],
    ] as const) {
      const error = await rejection(fleet.group().upload(source, `${out}/`), TransferError);
      expect(error.message).toBe(
        `the local source ${source} is ${what}, which rsync does not copy; name a regular file or a directory`,
      );
    }
    expect(readdirSync(out)).toEqual([]);
  });

  it("a download of one fails, naming it, and makes nothing here", async () => {
    const out = join(root, "down");
    for (const [source, what] of [
      ["/dev/null", "a character device"],
      [pipe, "a named pipe"],
      [link, "a character device"],
    ] as const) {
      const error = await rejection(host().download(source, `${out}/`), TransferError);
      expect(error.reason).toBe(
        `the remote source ${source} is ${what}, which rsync does not copy; name a regular file or a directory`,
      );
    }
    expect(() => readdirSync(out)).toThrow(/ENOENT/);
  });
});
