// The directory a download writes into is made here before rsync runs: every failure is a TransferError naming it and
// saying what to do, and none of them hangs (Node's recursive mkdir spins forever under /proc).
import { lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { collect } from "@deploykit/sandbox";
import { afterAll, describe, expect, it } from "vitest";
import { makeLocalDir } from "../src/transfer/local-dir.ts";
import { TransferError } from "../src/transfer/transfer-error.ts";

const root = mkdtempSync(join(tmpdir(), "dk-local-dir-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const source = fileURLToPath(new URL("../src/transfer/local-dir.ts", import.meta.url));

// What makeLocalDir throws for `dir`.
function failure(dir: string): TransferError {
  try {
    makeLocalDir(dir, "web1");
  } catch (error) {
    if (error instanceof TransferError) return error;
    throw error;
  }
  throw new Error(`made ${dir}`);
}

describe("the local directory of a download", () => {
  it("under /proc, which takes no new directories, fails at once naming the path and what to do", async () => {
    // In a child of its own, so that a hang is killed and fails the test instead of stopping the test runner.
    const script = `const { makeLocalDir } = await import(${JSON.stringify(source)});
      try { makeLocalDir("/proc/dk-no-such/dir", "web1"); }
      catch (e) { console.log(JSON.stringify([e.kind, e.message])); }`;
    const cwd = fileURLToPath(new URL("..", import.meta.url));
    const child = await collect(process.execPath, ["--import", "tsx/esm", "--input-type=module", "-e", script], {
      cwd,
      timeoutMs: 20_000,
    });
    expect(child.stderr).toBe("");
    expect(JSON.parse(child.stdout)).toEqual([
      "failed",
      "[web1] cannot make the local directory /proc/dk-no-such/dir: /proc takes no new directories (ENOENT: no such " +
        "file or directory, mkdir '/proc/dk-no-such'); choose a destination on a file system this machine can write to",
    ]);
  });

  it("makes missing parents, and takes one that exists (or is a symlink to one) as it is", () => {
    const deep = join(root, "a", "b c", "d");
    makeLocalDir(deep, "web1");
    expect(lstatSync(deep).isDirectory()).toBe(true);
    makeLocalDir(deep, "web1");
    symlinkSync(join(root, "a"), join(root, "link"));
    makeLocalDir(join(root, "link", "e"), "web1");
    expect(lstatSync(join(root, "a", "e")).isDirectory()).toBe(true);
  });

  it("a symlink to nothing at the directory itself makes the directory it names, as a file onto one does", () => {
    symlinkSync(join(root, "made", "here"), join(root, "to-make"));
    makeLocalDir(join(root, "to-make"), "web1");
    expect(lstatSync(join(root, "made", "here")).isDirectory()).toBe(true);
    expect(lstatSync(join(root, "to-make")).isSymbolicLink()).toBe(true);
  });

  it("a file at the directory or at a parent is in the way, the parent named", () => {
    const file = join(root, "file");
    writeFileSync(file, "x");
    mkdirSync(join(root, "dir"));
    const error = failure(file);
    expect(error.kind).toBe("failed");
    expect(error.message).toBe(
      `[web1] cannot make the local directory ${file}: a file is in the way; remove it, or choose another destination`,
    );
    for (const dir of [join(file, "below"), join(file, "below", "deeper")]) {
      expect(failure(dir).message).toBe(
        `[web1] cannot make the local directory ${dir}: ${file} is in the way, not a directory; remove it, or ` +
          "choose another destination",
      );
    }
  });

  it("a symlink to nothing, or in a loop, at a parent is named as one, with where it points", () => {
    const dangling = join(root, "dangling");
    symlinkSync(join(root, "nowhere", "deeper"), dangling);
    for (const dir of [join(dangling, "below"), join(dangling, "below", "deeper")]) {
      expect(failure(dir).message).toBe(
        `[web1] cannot make the local directory ${dir}: ${dangling} is a symlink to ` +
          `${join(root, "nowhere", "deeper")}, which does not exist; make that directory, ` +
          "or remove the link, or choose another destination",
      );
    }
    const loop = join(root, "loop");
    symlinkSync("loop", loop);
    for (const dir of [loop, join(loop, "below")]) {
      expect(failure(dir).message).toBe(
        `[web1] cannot make the local directory ${dir}: ${loop} is a symlink (to loop) whose links lead in a loop; ` +
          "fix or remove it, or choose another destination",
      );
    }
  });
});
