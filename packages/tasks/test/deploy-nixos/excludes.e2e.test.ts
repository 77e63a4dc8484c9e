// Each exclude pattern excludes what it matches, whatever it starts with: rsync reads an --exclude of `!` as "clear
// every filter" (the .rsync-filter files' too) and one starting with `+ ` as an include.
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deployNixos, deployNixosTask } from "../../src/builtin/deploy-nixos/index.ts";
import { useOneHost } from "./helpers.ts";

const one = useOneHost("src");

describe("deployNixos excludes", () => {
  it("keeps .rsync-filter's files back and excludes names starting with ! or + as they are", async () => {
    writeFileSync(join(one.source, "!"), "a file named !\n");
    writeFileSync(join(one.source, "+ draft"), "a file named + draft\n");
    const configDir = one.fleet.configDir(one.address, "odd-excludes");
    await deployNixos(one.fleet.hosts([{ configDir, flakeAttr: "web" }]), {
      source: one.source,
      action: "test",
      excludes: ["!", "+ draft"],
      summary: false,
    });
    const sent = readdirSync(configDir);
    expect(sent).toContain("flake.nix");
    // .rsync-filter keeps notes.local on the controller: `!` did not clear that rule.
    expect(sent).not.toContain("notes.local");
    expect(sent).not.toContain("!");
    expect(sent).not.toContain("+ draft");
  }, 120_000);

  it("refuses an empty pattern, under the flag's name, before anything is sent", async () => {
    const configDir = one.fleet.configDir(one.address, "empty-exclude");
    const hosts = one.fleet.hosts([{ configDir, flakeAttr: "web" }]);
    await expect(deployNixos(hosts, { source: one.source, excludes: ["*.bak", ""] })).rejects.toThrow(
      /^Expected `excludes` to be rsync patterns, none empty \(an empty one excludes nothing\), got `""`/,
    );
    const task = deployNixosTask({ hosts: `root@${one.address}`, source: one.source, exclude: [""], configDir });
    await expect(task).rejects.toMatchObject({ option: "exclude" });
    expect(existsSync(configDir)).toBe(false);
    expect(one.fleet.steps(one.address)).toEqual([]);
  }, 60_000);
});
