// A sparse file (a disk image, a database's preallocated file) keeps its holes on the other side: rsync without
// --sparse wrote every zero, so a 200 MB file that took no disk here took 200 MB there (a 20 GB image, 20 GB).
import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrinter } from "../src/output/printer.ts";
import { useFleet } from "./helpers/fleet.ts";

const fleet = useFleet({ hosts: 1 });
const root = mkdtempSync(join(tmpdir(), "dk-sparse-"));
const SIZE = 200 * 1000 * 1000;
const AT = 1_000_000;

beforeAll(() => setPrinter({ line: () => undefined, notice: () => {} }));
afterAll(() => {
  setPrinter(undefined);
  rmSync(root, { recursive: true, force: true });
});

// A file of SIZE bytes, all holes but "data" at AT.
function sparseFile(path: string): string {
  const fd = openSync(path, "w");
  writeSync(fd, "data", AT);
  ftruncateSync(fd, SIZE);
  closeSync(fd);
  return path;
}

// The four bytes at AT.
function dataAt(path: string): string {
  const fd = openSync(path, "r");
  const buffer = Buffer.alloc(4);
  readSync(fd, buffer, 0, 4, AT);
  closeSync(fd);
  return buffer.toString();
}

describe("a sparse file", () => {
  it.each(["upload", "download"] as const)("%s: arrives whole, its holes still holes", async (direction) => {
    const source = sparseFile(join(root, `${direction}.img`));
    const dir = join(root, `${direction}-copy`);
    mkdirSync(dir);
    const result = await fleet.host()[direction](source, join(dir, "disk.img"));
    expect(result).toMatchObject({ files: 1, bytes: SIZE });
    const copy = statSync(join(dir, "disk.img"));
    expect(copy.size).toBe(SIZE);
    expect(dataAt(join(dir, "disk.img"))).toBe("data");
    // Far below the 200 MB the holes would take written out, whatever the file system's block size.
    expect(copy.blocks * 512).toBeLessThan(2 * 1000 * 1000);
  });
});
