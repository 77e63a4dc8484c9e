// Hard links inside a directory arrive as separate files (rsync without -H, as scp copies them), as the README says.
import { linkSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrinter } from "../src/output/printer.ts";
import { useFleet } from "./helpers/fleet.ts";

const fleet = useFleet({ hosts: 1 });
const root = mkdtempSync(join(tmpdir(), "dk-hard-links-"));

beforeAll(() => setPrinter({ line: () => undefined, notice: () => {} }));
afterAll(() => {
  setPrinter(undefined);
  rmSync(root, { recursive: true, force: true });
});

describe("hard links inside a directory", () => {
  it.each(["upload", "download"] as const)("%s: arrive as separate files with the same content", async (direction) => {
    const source = join(root, `${direction}-source`);
    mkdirSync(source);
    writeFileSync(join(source, "a"), "shared\n");
    linkSync(join(source, "a"), join(source, "b"));
    const copy = join(root, `${direction}-copy`);
    const result = await fleet.host()[direction](source, copy);
    expect(result).toMatchObject({ files: 2, bytes: 14 });
    const [a, b] = [statSync(join(copy, "a")), statSync(join(copy, "b"))];
    expect(a.ino).not.toBe(b.ino);
    expect([a.nlink, b.nlink, a.size, b.size]).toEqual([1, 1, 7, 7]);
  });
});
