import { chmodSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { codeCacheFile, writeCodeCache } from "../../src/code-cache.ts";
import { BUILD_HOOK_MS, ensureBuilt } from "../helpers/build.ts";
import { dk } from "../helpers/dk.ts";
import { copyFixture, tempDir } from "../helpers/paths.ts";
import { giveAway, said } from "../reliability/cache-plant.ts";
import { BUNDLE, codeCachePath, codeCaches, fileIdentity, markerByte, plantCodeCache, writeGarbage } from "./plant.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

const GREET = ["greet", "--name", "bob"];
const GREETED = "hello bob (low)\n";

// Inode and modification time: a cache dk rewrote (it writes a new file and renames it) has another inode.

async function greet(cache: string, file: string): Promise<void> {
  const result = await dk(["-f", file, ...GREET], { cache });
  expect(result.stdout, said(result)).toBe(GREETED);
  expect(result.code).toBe(0);
}

describe("dk's code cache", () => {
  it("is written by the first run, private to the user, and taken by the next ones as it is", async () => {
    const file = copyFixture("imports");
    const cache = tempDir("dk-cache-");
    await greet(cache, file);
    expect(codeCaches(cache)).toEqual([codeCachePath(cache).split("/").pop()]);
    const path = codeCachePath(cache);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const first = fileIdentity(path);
    // V8 took it: a cache it refused would have been written again.
    await greet(cache, file);
    await greet(cache, file);
    expect(fileIdentity(path)).toBe(first);
  });

  it("made by a listing, is made again by the first run of a task, which compiles more of dk", async () => {
    const file = copyFixture("imports");
    const cache = tempDir("dk-cache-");
    expect((await dk(["-f", file, "--list"], { cache })).stdout).toContain("greet");
    const path = codeCachePath(cache);
    expect(markerByte(path)).toBe(0);
    const listed = fileIdentity(path);
    await greet(cache, file);
    expect(markerByte(path)).toBe(1);
    expect(fileIdentity(path)).not.toBe(listed);
    const ran = fileIdentity(path);
    await dk(["-f", file, "--list"], { cache });
    await greet(cache, file);
    expect(fileIdentity(path)).toBe(ran);
  });

  it("that V8 refuses (garbage) costs nothing but a rewrite", async () => {
    const file = copyFixture("imports");
    const cache = tempDir("dk-cache-");
    await greet(cache, file);
    const path = codeCachePath(cache);
    writeGarbage(path);
    const garbage = readFileSync(path);
    await greet(cache, file);
    expect(readFileSync(path).equals(garbage)).toBe(false);
  });

  it("runs what it holds: a planted cache of this user is taken (so the ones below prove their refusals)", async () => {
    const file = copyFixture("imports");
    const cache = tempDir("dk-cache-");
    await greet(cache, file);
    plantCodeCache(codeCachePath(cache));
    const result = await dk(["-f", file, ...GREET], { cache });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("planted");
  });

  const plantings: Array<[string, (cache: string, path: string) => void]> = [
    ["in a cache dir others can write", (cache) => chmodSync(cache, 0o777)],
    ["in a cache dir of another user", (cache) => giveAway(cache)],
    ["as a file others can write", (_, path) => chmodSync(path, 0o666)],
    ["as a file of another user", (_, path) => giveAway(path)],
    [
      "as a symlink to a file elsewhere",
      (_, path) => {
        const elsewhere = join(tempDir("dk-elsewhere-"), "code.v8");
        writeFileSync(elsewhere, readFileSync(path));
        rmSync(path);
        symlinkSync(elsewhere, path);
      },
    ],
  ];

  it.each(plantings)("is not taken when planted %s", async (_, plant) => {
    const file = copyFixture("imports");
    const cache = tempDir("dk-cache-");
    await greet(cache, file);
    const path = codeCachePath(cache);
    plantCodeCache(path);
    plant(cache, path);
    await greet(cache, file);
  });
});

describe("the code cache's file", () => {
  it("is named for the bundle's content, not its length, which is all V8 checks", () => {
    const cache = tempDir("dk-cache-");
    const a = codeCacheFile(Buffer.from("const a = 1;"), BUNDLE, cache);
    expect(a).toMatch(/\/code-[0-9a-f]{24}\.v8$/);
    expect(codeCacheFile(Buffer.from("const b = 1;"), BUNDLE, cache)).not.toBe(a);
    expect(codeCacheFile(Buffer.from("const a = 1;"), BUNDLE, cache)).toBe(a);
  });

  it("and for its path: another copy of the same dk (another project's) has its own, for its stack traces", () => {
    const cache = tempDir("dk-cache-");
    const bytes = Buffer.from("const a = 1;");
    const here = codeCacheFile(bytes, "/one/project/node_modules/@deploykit/tasks/dist/dk.cjs", cache);
    expect(codeCacheFile(bytes, "/other/project/node_modules/@deploykit/tasks/dist/dk.cjs", cache)).not.toBe(here);
  });

  it("is not kept in a cache dir others can write", () => {
    const cache = tempDir("dk-cache-");
    chmodSync(cache, 0o777);
    expect(codeCacheFile(Buffer.from("const a = 1;"), BUNDLE, cache)).toBeUndefined();
  });

  it("keeps the three newest of other builds (other projects' dk) and removes older ones, nothing else", () => {
    const cache = tempDir("dk-cache-");
    const others = [1, 2, 3, 4, 5].map((n) => {
      const path = codeCacheFile(Buffer.from(`const v = ${n};`), BUNDLE, cache)!;
      writeFileSync(path, "x");
      utimesSync(path, n * 1000, n * 1000);
      return path.split("/").pop();
    });
    writeFileSync(join(cache, "code-notes.txt"), "keep");
    const now = codeCacheFile(Buffer.from("const now = 1;"), BUNDLE, cache)!;
    writeCodeCache(now, Buffer.from("data"), true);
    expect(codeCaches(cache).sort()).toEqual([now.split("/").pop(), ...others.slice(2)].sort());
    expect(readFileSync(join(cache, "code-notes.txt"), "utf8")).toBe("keep");
    expect(readFileSync(now)).toEqual(Buffer.concat([Buffer.of(1), Buffer.from("data")]));
  });

  it("keeps nine of the libraries' (three a build: TypeScript, core, ssh2), and leaves dk's bundle's alone", () => {
    const cache = tempDir("dk-cache-");
    const bundle = codeCacheFile(Buffer.from("const b = 0;"), BUNDLE, cache)!;
    writeFileSync(bundle, "x");
    utimesSync(bundle, 1, 1);
    const others = Array.from({ length: 11 }, (_, n) => {
      const path = codeCacheFile(Buffer.from(`const v = ${n};`), `/lib/${n % 3}.cjs`, cache, "lib-")!;
      writeFileSync(path, "x");
      utimesSync(path, (n + 1) * 1000, (n + 1) * 1000);
      return path.split("/").pop();
    });
    const now = codeCacheFile(Buffer.from("const now = 1;"), "/lib/0.cjs", cache, "lib-")!;
    writeCodeCache(now, Buffer.from("data"), true);
    expect(codeCaches(cache, "lib-").sort()).toEqual([now.split("/").pop(), ...others.slice(2)].sort());
    expect(codeCaches(cache)).toEqual([bundle.split("/").pop()]);
  });
});
