// An ssh-keygen that fails (a broken install, a full disk): the fleet's start says so, with what ssh-keygen printed,
// and leaves no directory behind.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { leftInTmpdir, startNetnsHosts, startSandbox } from "../src/index.ts";

const asRoot = process.getuid?.() === 0;

describe("a fleet whose ssh-keygen fails", () => {
  it.each([
    ["loopback sandbox", "dk-sandbox-", () => startSandbox({ hosts: 1 })],
    ["netns hosts", "dk-netns-", () => startNetnsHosts({ hosts: [{}] })],
  ])("%s: says why and leaves no directory", async (kind, prefix, start) => {
    if (kind === "netns hosts" && !asRoot) throw new Error("netns test hosts need root: run the tests as root");
    const bin = mkdtempSync(join(tmpdir(), "dk-failing-keygen-"));
    writeFileSync(join(bin, "ssh-keygen"), "#!/bin/sh\necho 'no space left on device' >&2\nexit 1\n", { mode: 0o755 });
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    try {
      const left = await leftInTmpdir(() =>
        expect(start()).rejects.toThrow(/^ssh-keygen could not write the key \S+ \(exit 1: no space left on device\)$/),
      );
      expect(left.filter((name) => name.startsWith(prefix))).toEqual([]);
    } finally {
      process.env.PATH = path;
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
