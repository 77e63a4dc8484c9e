// `exclude` patterns are excludes and nothing else, both ways: rsync reads an --exclude of `!` as "clear every rule
// so far" and one starting with `+ ` as an include, which would send what the user meant to keep back.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { useFleet } from "./helpers/fleet.ts";

const fleet = useFleet({ hosts: 1 });
const root = mkdtempSync(join(tmpdir(), "dk-exclude-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const EXCLUDE = ["secret.key", "!", "+ a.log", "*.log"];

// A tree with a file each pattern should keep back, and one none does.
function source(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const file of ["secret.key", "!", "+ a.log", "a.log", "b.log", "app.conf"]) writeFileSync(join(dir, file), file);
  return dir;
}

describe("exclude", () => {
  it("keeps back what each pattern names on upload, `!` and `+ …` included", async () => {
    const dest = join(root, "up-dest");
    await fleet.host().upload(source("up"), dest, { exclude: EXCLUDE });
    expect(readdirSync(dest)).toEqual(["app.conf"]);
  });

  it("keeps back what each pattern names on download", async () => {
    const dest = join(root, "down-dest");
    await fleet.host().download(source("down"), dest, { exclude: EXCLUDE });
    expect(readdirSync(dest)).toEqual(["app.conf"]);
  });
});
