// TypeScript's code cache: dk loads the compiler (9 MB) to read tasks.ts's signatures when its manifest is stale.
import { chmodSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dk } from "../helpers/dk.ts";
import { fixture, tempDir } from "../helpers/paths.ts";
import { said } from "../reliability/cache-plant.ts";
import { fileIdentity, markerByte, plantCacheOf, TYPESCRIPT, typescriptCachePath } from "./plant.ts";

const list = (cache: string) => dk(["-f", fixture("flags"), "--list"], { cache });

async function listed(cache: string): Promise<void> {
  const result = await list(cache);
  expect(result.code, said(result)).toBe(0);
  expect(result.stdout).toContain("Tasks in");
}

// An edit of tasks.ts, as far as the cache can tell: the manifests go, the code caches stay.
function forgetManifests(cache: string): void {
  for (const name of readdirSync(cache).filter((entry) => entry.endsWith(".json"))) rmSync(join(cache, name));
}

describe("TypeScript's code cache", () => {
  it("is written by the first signature read, private to the user, and taken by the next reads as it is", async () => {
    const cache = tempDir("dk-cache-");
    await listed(cache);
    const path = typescriptCachePath(cache);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(markerByte(path)).toBe(1);
    const first = fileIdentity(path);
    forgetManifests(cache);
    await listed(cache);
    expect(fileIdentity(path)).toBe(first);
  });

  it("runs what it holds: a planted cache of this user is what TypeScript is loaded from", async () => {
    const cache = tempDir("dk-cache-");
    await listed(cache);
    plantCacheOf(TYPESCRIPT, typescriptCachePath(cache));
    forgetManifests(cache);
    const result = await list(cache);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain("planted");
  });

  it("is not taken when others can write it", async () => {
    const cache = tempDir("dk-cache-");
    await listed(cache);
    const path = typescriptCachePath(cache);
    plantCacheOf(TYPESCRIPT, path);
    chmodSync(path, 0o666);
    forgetManifests(cache);
    await listed(cache);
  });

  it("is neither loaded nor made while the manifest is fresh", async () => {
    const cache = tempDir("dk-cache-");
    await listed(cache);
    const path = typescriptCachePath(cache);
    rmSync(path);
    await listed(cache);
    expect(() => statSync(path)).toThrow();
  });
});
