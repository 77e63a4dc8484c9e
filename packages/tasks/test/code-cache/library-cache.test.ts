// The code caches of core's bundle, which its entry loads through dk, and of ssh2, which core loads through dk for the
// native transport: 460 kB and 640 kB a start need not compile.
import { chmodSync, readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { dk } from "../helpers/dk.ts";
import { useFleet } from "../helpers/fleet.ts";
import { fixture, tempDir } from "../helpers/paths.ts";
import { said } from "../reliability/cache-plant.ts";
import {
  CORE_BUNDLE,
  codeCaches,
  coreCachePath,
  fileIdentity,
  markerByte,
  plantCacheOf,
  SSH2,
  ssh2CachePath,
  typescriptCachePath,
  writeGarbage,
} from "./plant.ts";

const fleet = useFleet({ hosts: 1 });

async function report(cache: string, transport: "native" | "openssh" = "native") {
  return dk(["-f", fixture("fleet"), "report", "--transport", transport, ...fleet.hostFlags()], { cache });
}

async function reported(cache: string): Promise<void> {
  const result = await report(cache);
  expect(result.code, said(result)).toBe(0);
  expect(result.stdout).toContain(`out-${fleet.sandbox.addresses[0]}`);
}

describe("ssh2's code cache", () => {
  it("is written by the first native run, private to the user, and taken by the next ones as it is", async () => {
    const cache = tempDir("dk-cache-");
    await reported(cache);
    const path = ssh2CachePath(cache);
    // With core's and TypeScript's (which read the tasks' signatures).
    const all = [path, coreCachePath(cache), typescriptCachePath(cache)];
    expect(codeCaches(cache, "lib-").sort()).toEqual(all.map((p) => basename(p)).sort());
    for (const file of [path, coreCachePath(cache)]) {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(markerByte(file)).toBe(1);
    }
    const first = [fileIdentity(path), fileIdentity(coreCachePath(cache))];
    await reported(cache);
    await reported(cache);
    expect([fileIdentity(path), fileIdentity(coreCachePath(cache))]).toEqual(first);
  });

  it.each([
    ["ssh2", SSH2, ssh2CachePath],
    ["core", CORE_BUNDLE, coreCachePath],
  ])("runs what it holds: a planted cache of this user is what %s is loaded from", async (_, file, where) => {
    const cache = tempDir("dk-cache-");
    await reported(cache);
    plantCacheOf(file, where(cache));
    const result = await report(cache);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain("planted");
  });

  it("is not taken when others can write it, and one that V8 refuses is written again", async () => {
    const cache = tempDir("dk-cache-");
    await reported(cache);
    const path = ssh2CachePath(cache);
    plantCacheOf(SSH2, path);
    chmodSync(path, 0o666);
    await reported(cache);
    writeGarbage(path);
    const garbage = readFileSync(path);
    await reported(cache);
    expect(readFileSync(path).equals(garbage)).toBe(false);
  });

  it("is not made for ssh2 by a run that never loads it (the openssh transport); core's is", async () => {
    const cache = tempDir("dk-cache-");
    const result = await report(cache, "openssh");
    expect(result.code, said(result)).toBe(0);
    expect(codeCaches(cache, "lib-").sort()).toEqual(
      [coreCachePath(cache), typescriptCachePath(cache)].map((p) => basename(p)).sort(),
    );
    expect(codeCaches(cache)).toHaveLength(1);
  });
});
