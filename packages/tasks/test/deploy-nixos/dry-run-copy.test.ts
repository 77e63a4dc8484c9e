// A dry run's copy for a login user other than root: it asks the host nothing, so it cannot know whether that user's
// sudo wants a password. Without a sudo password given it shows the direct copy and says what a real run does when sudo
// wants one; with one given, the staged copy a real run then makes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configure, Host, setSudoPassword } from "@deploykit/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { deployNixos, type NixosMeta } from "../../src/builtin/deploy-nixos/index.ts";
import { makeSource } from "./helpers.ts";

let dir: string;
let source: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "dk-deploy-dry-copy-"));
  source = makeSource(join(dir, "flake"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// What a dry run of deployNixos prints for one host (nothing listens on port 1: any contact would fail).
async function dryRun(user: string | undefined, password?: string): Promise<string> {
  const host = new Host<NixosMeta>("a.invalid", {
    ...(user ? { user } : {}),
    port: 1,
    meta: { configDir: "/srv/nixos" },
  });
  configure({ dryRun: true });
  setSudoPassword(password);
  const out = vi.spyOn(process.stdout, "write");
  try {
    await deployNixos([host], { source, action: "test", summary: false });
    return out.mock.calls.map((call) => String(call[0])).join("");
  } finally {
    out.mockRestore();
    configure({ dryRun: false });
    setSudoPassword(undefined);
  }
}

const NOTE =
  "[a.invalid] rsync: shown as one copy through sudo -n; should the login user's sudo want a password, a real run " +
  "copies into a private directory on the host first, then from there into /srv/nixos as root (dry run)";

describe("a dry run's copy", () => {
  it.each([["deploy"], [undefined]])(
    "for login user %s says what a real run does if sudo wants a password",
    async (user) => {
      const text = await dryRun(user);
      expect(text).toMatch(/\[a\.invalid\] \$ rsync .*--rsync-path=.*sudo -n rsync.* \(dry run\)\n/);
      expect(text).toContain(`${NOTE}\n`);
    },
  );

  it("for root shows the copy alone", async () => {
    const text = await dryRun("root");
    expect(text).toMatch(/\[a\.invalid\] \$ rsync .* \(dry run\)\n/);
    expect(text).not.toContain("sudo");
  });

  it.each([["deploy"], [undefined]])(
    "for login user %s with a sudo password given shows the staged copy a real run makes",
    async (user) => {
      const text = await dryRun(user, "pw");
      const lines = text.split("\n").filter((line) => line.includes("$ "));
      // mktemp's template: dk's own part (which finds the directory should mktemp's answer be cut), then mktemp's.
      expect(lines[0]).toMatch(
        /^\[a\.invalid\] \$ mktemp -d -t dk-deploy-copy\.[0-9a-f]{12}\.XXXXXXXXXX {2}\(dry run\)$/,
      );
      const stage = `/tmp/${/dk-deploy-copy\.\S+/.exec(lines[0]!)![0]}`;
      expect(lines[1]).toMatch(
        new RegExp(`^\\[a\\.invalid\\] \\$ rsync .*a\\.invalid:${stage}/config/  \\(dry run\\)$`),
      );
      expect(lines[1]).not.toContain("--rsync-path");
      const fromStage = "rsync -vaF --no-owner --no-group --delete --mkpath --timeout=60";
      expect(lines[2]).toBe(`[a.invalid] $ ${fromStage} ${stage}/config/ /srv/nixos/  (dry run)`);
      expect(lines[3]).toBe(`[a.invalid] $ rm -rf -- ${stage}  (dry run)`);
      expect(lines[4]).toMatch(/^\[a\.invalid\] \$ nixos-rebuild test /);
      expect(text).toContain(
        "[a.invalid] rsync: staged, as a real run copies when the login user's sudo wants the password given; " +
          "should it want none, a real run copies in one rsync through sudo -n instead (dry run)\n",
      );
    },
  );
});
