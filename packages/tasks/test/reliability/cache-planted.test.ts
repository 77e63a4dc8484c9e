import { chmodSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "../helpers/build.ts";
import { dk } from "../helpers/dk.ts";
import { tempDir } from "../helpers/paths.ts";
import { userProject } from "../helpers/project.ts";
import { editJson, expectGenuine, genuineTasks, giveAway, said } from "./cache-plant.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

type Planting = (paths: { cache: string; manifest: string }) => void;

// A listed task named `hello` whose module export is `wipe`: what another user would plant.
function pointHelloAtWipe(manifest: string): void {
  editJson(manifest, (value) => {
    const tasks = value.tasks as Array<Record<string, unknown>>;
    for (const task of tasks) if (task.name === "hello") task.exportName = "wipe";
  });
}

// A project (no packages needed) whose manifest is cached once, genuinely, in a cache dir of its own.
async function cachedOnce(): Promise<{ file: string; marker: string; cache: string; manifest: string }> {
  const dir = userProject("dk-manifest-", {}, []);
  const marker = join(dir, "marker");
  const file = join(dir, "tasks.ts");
  writeFileSync(file, genuineTasks(marker));
  const cache = tempDir("dk-cache-");
  const first = await dk(["-f", file, "--list"], { cache });
  expect(first.stdout, said(first)).toContain("hello");
  // The built-ins' manifest may be cached beside it (when their build-time one is stale).
  const manifest = readdirSync(cache)
    .map((name) => join(cache, name))
    .find(
      (path) => path.endsWith(".json") && (JSON.parse(readFileSync(path, "utf8")) as { file?: string }).file === file,
    );
  expect(manifest).toBeDefined();
  return { file, marker, cache, manifest: manifest! };
}

const plantings: Array<[string, Planting]> = [
  ["in a cache dir others can write", ({ cache, manifest }) => (chmodSync(cache, 0o777), pointHelloAtWipe(manifest))],
  [
    "in a cache dir that belongs to another user",
    ({ cache, manifest }) => (giveAway(cache), pointHelloAtWipe(manifest)),
  ],
  ["as a file that belongs to another user", ({ manifest }) => (pointHelloAtWipe(manifest), giveAway(manifest))],
  ["as a file others can write", ({ manifest }) => (pointHelloAtWipe(manifest), chmodSync(manifest, 0o666))],
  [
    "as a symlink to a file elsewhere",
    ({ manifest }) => {
      pointHelloAtWipe(manifest);
      const elsewhere = join(tempDir("dk-elsewhere-"), "manifest.json");
      writeFileSync(elsewhere, readFileSync(manifest));
      rmSync(manifest);
      symlinkSync(elsewhere, manifest);
    },
  ],
];

describe("a task manifest that another user could plant is not trusted", () => {
  it.each(plantings)("not one planted %s", async (_, plant) => {
    const { file, marker, cache, manifest } = await cachedOnce();
    plant({ cache, manifest });
    expectGenuine(await dk(["-f", file, "hello"], { cache }), marker);
  });

  it("not one whose inputs are an empty list", async () => {
    const { file, marker, cache, manifest } = await cachedOnce();
    pointHelloAtWipe(manifest);
    editJson(manifest, (value) => void (value.inputs = []));
    const result = await dk(["-f", file, "--debug", "hello"], { cache });
    expectGenuine(result, marker);
    expect(result.stderr).toContain("dk: cache miss: ");
  });
});
