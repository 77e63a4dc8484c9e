import { chmodSync, lstatSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "../helpers/build.ts";
import { dk } from "../helpers/dk.ts";
import { tempDir } from "../helpers/paths.ts";
import { userProject, writeFiles } from "../helpers/project.ts";
import {
  compiledModule,
  DK_VERSION,
  editJson,
  expectGenuine,
  genuineTasks,
  giveAway,
  plantedModule,
  said,
  sha256,
  swapModule,
} from "./cache-plant.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

// A project with a node_modules (where dk once kept compiled modules), its marker file, and a cache of its own.
function project(): { file: string; marker: string; cache: string } {
  const dir = userProject("dk-planted-", {});
  const marker = join(dir, "marker");
  writeFiles(dir, { "tasks.ts": genuineTasks(marker) });
  return { file: join(dir, "tasks.ts"), marker, cache: tempDir("dk-cache-") };
}

// The first run compiles the genuine module; returns where it is.
async function compileOnce(file: string, cache: string) {
  const first = await dk(["-f", file, "--debug", "hello"], { cache });
  expect(first.stdout, said(first)).toBe("genuine hello\n");
  return compiledModule(first);
}

describe("a compiled tasks module that another user could plant or swap never runs", () => {
  it("ignores a module planted in a shared node_modules/.cache/dk above the tasks file", async () => {
    // /tmp/shared (sticky, world-writable) holds root's project; another user made /tmp/shared/node_modules.
    const shared = tempDir("dk-shared-");
    chmodSync(shared, 0o1777);
    const file = join(shared, "proj", "tasks.ts");
    const marker = join(shared, "marker");
    writeFiles(shared, { "proj/tasks.ts": genuineTasks(marker) });
    const base = join(shared, "node_modules", ".cache", "dk", sha256(file).slice(0, 24));
    const code = plantedModule(marker);
    writeFiles(shared, { [`${base.slice(shared.length + 1)}.mjs`]: code });
    writeFileSync(
      `${base}.json`,
      JSON.stringify({ schema: 2, dk: DK_VERSION, file, inputs: [], sha256: sha256(code) }),
    );
    for (const path of ["node_modules", "node_modules/.cache", "node_modules/.cache/dk"]) giveAway(join(shared, path));
    giveAway(`${base}.mjs`, `${base}.json`);
    expectGenuine(await dk(["-f", file, "hello"], { cache: tempDir("dk-cache-") }), marker);
  });

  it("rejects a module swapped under its genuine record", async () => {
    const { file, marker, cache } = project();
    const paths = await compileOnce(file, cache);
    writeFileSync(paths.module, plantedModule(marker));
    const again = await dk(["-f", file, "--debug", "hello"], { cache });
    expectGenuine(again, marker);
    expect(again.stderr).toContain("is not the module that was compiled; compiling it again");
  });

  it("rejects a module and record that belong to another user, even when they agree", async () => {
    const { file, marker, cache } = project();
    const paths = await compileOnce(file, cache);
    swapModule(paths, marker);
    giveAway(paths.module, paths.record);
    const again = await dk(["-f", file, "--debug", "hello"], { cache });
    expectGenuine(again, marker);
    expect(again.stderr).toMatch(/ignoring \S+: \S+ belongs to uid 65534, not to you \(uid 0\)/);
  });

  it("never reads a module through a symlink, nor writes through one", async () => {
    const { file, marker, cache } = project();
    const paths = await compileOnce(file, cache);
    const elsewhere = join(tempDir("dk-elsewhere-"), "planted.mjs");
    swapModule({ module: elsewhere, record: paths.record }, marker);
    rmSync(paths.module);
    symlinkSync(elsewhere, paths.module);
    const again = await dk(["-f", file, "--debug", "hello"], { cache });
    expectGenuine(again, marker);
    expect(again.stderr).toContain(`ignoring ${paths.module}: it is a symlink`);
    // Compiled again into a file of its own: the symlink replaced, not followed.
    expect(lstatSync(paths.module).isFile()).toBe(true);
    expect(readFileSync(elsewhere, "utf8")).toBe(plantedModule(marker));
  });

  it("does not take a record with no inputs for fresh", async () => {
    const { file, marker, cache } = project();
    const paths = await compileOnce(file, cache);
    swapModule(paths, marker);
    editJson(paths.record, (record) => void (record.inputs = []));
    expectGenuine(await dk(["-f", file, "hello"], { cache }), marker);
  });

  it.each([
    ["writable by others", 0o777, undefined, /not using the cache in \S+: \S+ is writable by others \(mode 777\)/],
    [
      "owned by another user",
      0o755,
      65534,
      /not using the cache in \S+: \S+ belongs to uid 65534, not to you \(uid 0\)/,
    ],
  ])("does not use a cache directory %s, and says so under --debug", async (_, mode, owner, said) => {
    const { file, marker, cache } = project();
    const paths = await compileOnce(file, cache);
    swapModule(paths, marker);
    chmodSync(cache, mode);
    if (owner !== undefined) giveAway(cache);
    const again = await dk(["-f", file, "--debug", "hello"], { cache });
    expectGenuine(again, marker);
    expect(again.stderr).toMatch(said);
  });

  it("does not use a cache below a directory others can write, unless it is sticky (as /tmp is)", async () => {
    const { file, marker } = project();
    const parent = tempDir("dk-parent-");
    const cache = join(parent, "dk");
    chmodSync(parent, 0o777);
    const open = await dk(["-f", file, "--debug", "hello"], { cache });
    expectGenuine(open, marker);
    // Said of the cache dir, once: its modules/ has the same problem.
    expect(open.stderr).toContain(`not using the cache in ${cache}: ${parent} is writable by others (mode 777)`);
    expect(open.stderr).not.toContain(`not using the cache in ${join(cache, "modules")}`);
    chmodSync(parent, 0o1777);
    const sticky = await dk(["-f", file, "--debug", "hello"], { cache });
    expectGenuine(sticky, marker);
    expect(sticky.stderr).not.toContain("not using the cache");
    expect(sticky.stderr).toContain(`tasks file: compiled to ${join(cache, "modules")}`);
  });

  it("keeps its cache private: directories 0700, files 0600", async () => {
    const { file } = project();
    const cache = join(tempDir("dk-fresh-"), "new", "dk");
    await compileOnce(file, cache);
    const modes = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name);
        const mode = `${entry.name} ${(lstatSync(path).mode & 0o777).toString(8)}`;
        return entry.isDirectory() ? [mode, ...modes(path)] : [mode];
      });
    expect((lstatSync(cache).mode & 0o777).toString(8)).toBe("700");
    expect(modes(cache).map((line) => line.replace(/^\w+\./, "*."))).toEqual(
      expect.arrayContaining(["modules 700", "*.json 600", "*.mjs 600"]),
    );
    expect(modes(cache).every((line) => / (600|700)$/.test(line))).toBe(true);
  });

  it("runs through tsx without tsx's own cache in the shared temporary directory", async () => {
    // No usable cache, and a temporary dir others can write (so dk compiles nothing into it): tsx.
    const dir = userProject("dk-tsx-", {}, []);
    const marker = join(dir, "marker");
    writeFiles(dir, { "tasks.ts": genuineTasks(marker) });
    const file = join(dir, "tasks.ts");
    const cache = tempDir("dk-cache-");
    chmodSync(cache, 0o777);
    const tmp = tempDir("dk-tmp-");
    chmodSync(tmp, 0o777);
    const result = await dk(["-f", file, "--debug", "hello"], { cache, env: { TMPDIR: tmp } });
    expectGenuine(result, marker);
    expect(result.stderr).toContain("loading through tsx");
    expect(readdirSync(tmp)).toEqual([]);
  });
});
