// A tasks.ts found above the working directory that is no file to run: dk says what it is and what to give
// instead, never chown/chmod advice (which is about whose file it is), and never a tasks file further up.
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { tempDir } from "./helpers/paths.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

const GIVE = "give the tasks file to run with -f PATH";

// A project whose tasks.ts (made by `make`) stands below a parent that has a real tasks file.
function project(make: (path: string) => void): { work: string; found: string } {
  const parent = tempDir("dk-found-");
  writeFileSync(join(parent, "tasks.ts"), 'export function above() {\n  console.log("above ran");\n}\n');
  const work = join(parent, "work");
  mkdirSync(work);
  const found = join(work, "tasks.ts");
  make(found);
  return { work, found };
}

async function refused(work: string, found: string, why: string): Promise<void> {
  for (const args of [[], ["above"], ["--list"]]) {
    const result = await dk(args, { cwd: work });
    expect(result.stderr).toBe(`dk: ${found}: not run: ${why}\n`);
    expect(result.stdout).toBe("");
    expect(result.code).toBe(1);
  }
}

describe("a tasks.ts found that is no regular file", () => {
  it("is a directory: says so, and names the tasks file in it", async () => {
    const { work, found } = project((path) => {
      mkdirSync(path);
      writeFileSync(join(path, "tasks.ts"), "export function inner() {}\n");
    });
    await refused(work, found, "it is a directory, not a tasks file; its tasks file: dk -f tasks.ts/tasks.ts");
  });

  it("is an empty directory: says so, and to rename it or give a tasks file", async () => {
    const { work, found } = project((path) => mkdirSync(path));
    const why = "it is a directory, not a tasks file; rename it, or give the tasks file to run with -f PATH";
    await refused(work, found, why);
  });

  it("is a FIFO: says so, without hanging on it", async () => {
    const { work, found } = project((path) => execFileSync("mkfifo", [path]));
    await refused(work, found, "it is a FIFO, not a tasks file; remove it, or give the tasks file to run with -f PATH");
  });

  it("is a link to nothing: says where it points, and never runs the tasks file above", async () => {
    const { work, found } = project((path) => symlinkSync("../gone/tasks.ts", path));
    const why = `it is a link to ../gone/tasks.ts, which does not exist; fix the link, or ${GIVE}`;
    await refused(work, found, why);
  });

  it("is a link in a loop: says so", async () => {
    const { work, found } = project((path) => symlinkSync("tasks.ts", path));
    await refused(
      work,
      found,
      "it is a link to tasks.ts, which leads back to itself; fix the link, or give the tasks file to run with -f PATH",
    );
  });
});
