// A dry run's copy for a login user other than root: it asks the host nothing, so it cannot know whether that user's
// sudo wants a password; it shows the direct copy and says what a real run does when it does.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configure, Host } from "@deploykit/core";
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
async function dryRun(user: string | undefined): Promise<string> {
  const host = new Host<NixosMeta>("a.invalid", {
    ...(user ? { user } : {}),
    port: 1,
    meta: { configDir: "/srv/nixos" },
  });
  configure({ dryRun: true });
  const out = vi.spyOn(process.stdout, "write");
  try {
    await deployNixos([host], { source, action: "test", summary: false });
    return out.mock.calls.map((call) => String(call[0])).join("");
  } finally {
    out.mockRestore();
    configure({ dryRun: false });
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
});
