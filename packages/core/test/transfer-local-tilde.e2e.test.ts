// A transfer's local `~` over a real connection: the files go to and come from your home ($HOME), and no directory
// named `~` appears where the process runs.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrinter } from "../src/output/printer.ts";
import { useFleet } from "./helpers/fleet.ts";

const fleet = useFleet({ hosts: 1 });
const home = mkdtempSync(join(tmpdir(), "dk-local-home-"));
const remote = mkdtempSync(join(tmpdir(), "dk-remote-"));
const elsewhere = mkdtempSync(join(tmpdir(), "dk-cwd-"));
const saved = { home: process.env.HOME, cwd: process.cwd() };

beforeAll(() => {
  process.env.HOME = home;
  // Where a `~` taken literally would land: a directory of this test's own.
  process.chdir(elsewhere);
  setPrinter({ line: () => undefined, notice: () => {} });
});
afterAll(() => {
  process.env.HOME = saved.home;
  process.chdir(saved.cwd);
  setPrinter(undefined);
  rmSync(home, { recursive: true, force: true });
  for (const dir of [remote, elsewhere]) rmSync(dir, { recursive: true, force: true });
});

describe("a local `~` in a transfer", () => {
  it("uploads from your home and downloads into it", async () => {
    writeFileSync(join(home, "notes.txt"), "from home\n");
    const host = fleet.group().hosts[0]!;
    await host.upload("~/notes.txt", `${remote}/`);
    expect(readFileSync(join(remote, "notes.txt"), "utf8")).toBe("from home\n");
    await host.download(join(remote, "notes.txt"), "~/back/");
    expect(readFileSync(join(home, "back", "notes.txt"), "utf8")).toBe("from home\n");
    await fleet.group().download(remote, "~/all");
    expect(readFileSync(join(home, "all", host.commandPrefix, "notes.txt"), "utf8")).toBe("from home\n");
    expect(readdirSync(elsewhere)).toEqual([]);
  });
});
