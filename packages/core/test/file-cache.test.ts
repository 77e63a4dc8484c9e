import {
  appendFileSync,
  chmodSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { perFile } from "../src/ssh/file-cache.ts";

// The one cache of config, key, known_hosts and revoked-key files: read again exactly when stat says the file changed.
describe("perFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "dk-file-cache-"));

  function counted(): { read: (file: string) => string | undefined; reads: () => number } {
    let reads = 0;
    const read = perFile(
      (file, stats) => (reads++, `${readFileSync(file, "utf8")} ${(stats.mode & 0o777).toString(8)}`),
    );
    return { read, reads: () => reads };
  }

  it("reads a file once while it stays the same, and again after a change of contents, mode or inode", () => {
    const file = join(dir, "a");
    writeFileSync(file, "one", { mode: 0o600 });
    const { read, reads } = counted();
    expect([read(file), read(file), reads()]).toEqual(["one 600", "one 600", 1]);
    chmodSync(file, 0o644);
    expect([read(file), reads()]).toEqual(["one 644", 2]);
    // Another file put in its place with the same size, mode and times: only the inode tells.
    utimesSync(file, 1e9, 1e9);
    expect([read(file), reads()]).toEqual(["one 644", 3]);
    const other = join(dir, "a.new");
    writeFileSync(other, "two", { mode: 0o644 });
    utimesSync(other, 1e9, 1e9);
    expect(statSync(other).mtimeMs).toBe(statSync(file).mtimeMs);
    renameSync(other, file);
    expect([read(file), reads()]).toEqual(["two 644", 4]);
    // An append within one tick of the file clock: only the size tells.
    appendFileSync(file, "!");
    utimesSync(file, 1e9, 1e9);
    expect([read(file), reads()]).toEqual(["two! 644", 5]);
  });

  it("gives undefined for a file that is not there, and reads it once it is", () => {
    const file = join(dir, "later");
    const { read, reads } = counted();
    expect([read(file), reads()]).toEqual([undefined, 0]);
    writeFileSync(file, "now", { mode: 0o600 });
    expect([read(file), read(file), reads()]).toEqual(["now 600", "now 600", 1]);
  });

  it("passes its arguments through to the reader", () => {
    const file = join(dir, "args");
    writeFileSync(file, "x");
    const read = perFile((name, _stats, suffix: string) => `${readFileSync(name, "utf8")}${suffix}`);
    expect(read(file, "!")).toBe("x!");
  });
});
