// A directory mirrored into keeps its own mode (a shared 1777 stays) even when the transfer stops partway: past its
// timeout, rsync had already given it the source's mode. An upload's host puts it back only once its rsync notices the
// stop, after the call ended, or never when its shell goes with the session, as on the host here.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setPrinter } from "../src/output/printer.ts";
import { TransferError } from "../src/transfer/transfer-error.ts";
import { useFleet } from "./helpers/fleet.ts";
import { rejection } from "./helpers/rejection.ts";

const fleet = useFleet({ hosts: 1 });
const host = () => fleet.group().hosts[0]!;
const root = mkdtempSync(join(tmpdir(), "dk-kept-mode-"));
const mode = (path: string) => statSync(path).mode & 0o7777;
// A source directory (mode 755) with a file far too large to copy within the timeouts here: sparse, so it costs no
// disk to make, while rsync reads and sends every byte of it.
const src = join(root, "src");

beforeAll(() => {
  mkdirSync(src);
  chmodSync(src, 0o755);
  writeFileSync(join(src, "big"), "");
  truncateSync(join(src, "big"), 64 * 1024 ** 3);
  setPrinter({ line: () => undefined, notice: () => {} });
});
afterAll(() => {
  setPrinter(undefined);
  rmSync(root, { recursive: true, force: true });
});

// The host's sessions (root's ~/.bashrc is the sandbox's) find an rsync that, once done, ends the shell that ran it.
function shellGoesWithRsync(): void {
  const bin = mkdtempSync(join(root, "bin-"));
  writeFileSync(join(bin, "rsync"), '#!/bin/sh\n/usr/bin/rsync "$@"\nkill -KILL $PPID\n', { mode: 0o755 });
  writeFileSync(join(fleet.sandbox.home, ".bashrc"), `PATH=${bin}:$PATH\n`);
}

describe("a directory's own mode, when the transfer stops partway", () => {
  afterEach(() => rmSync(join(fleet.sandbox.home, ".bashrc"), { force: true }));

  it.each(["upload", "download"] as const)("%s: a shared 1777 is 1777 again when the call fails", async (direction) => {
    if (direction === "upload") shellGoesWithRsync();
    const shared = mkdtempSync(join(root, "shared-"));
    chmodSync(shared, 0o1777);
    const e = await rejection(host()[direction](src, shared, { timeout: 3000 }), TransferError);
    expect(e.reason).toBe(`the ${direction} timed out after 3000 ms: ${partial(shared)}`);
    expect(mode(shared).toString(8)).toBe("1777");
  });
});

// What a directory's transfer stopped partway says it left at `dir`.
function partial(dir: string): string {
  const why = "each file in it as it was, or whole and new; none half-written";
  return `${dir} may hold part of the copy (${why}); copy again to finish`;
}

describe("the directories inside an existing destination", () => {
  it.each(["upload", "download"] as const)("%s: take the source's mode, as files do", async (direction) => {
    const tree = mkdtempSync(join(root, "tree-"));
    mkdirSync(join(tree, "secrets"));
    writeFileSync(join(tree, "secrets", "key"), "k\n");
    chmodSync(tree, 0o755);
    chmodSync(join(tree, "secrets"), 0o755);
    const copy = mkdtempSync(join(root, "copy-"));
    mkdirSync(join(copy, "secrets"));
    chmodSync(copy, 0o700);
    chmodSync(join(copy, "secrets"), 0o700);
    await host()[direction](tree, copy);
    expect([mode(copy), mode(join(copy, "secrets"))].map((m) => m.toString(8))).toEqual(["700", "755"]);
  });
});
