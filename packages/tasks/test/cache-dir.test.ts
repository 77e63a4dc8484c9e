import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { cacheDir } from "../src/cache.ts";

describe("dk's cache directory", () => {
  it.each([
    [{ DK_CACHE_DIR: "/var/cache/mine" }, "/var/cache/mine"],
    [{ DK_CACHE_DIR: "mine", XDG_CACHE_HOME: "/xdg" }, resolve("mine")],
    [{ XDG_CACHE_HOME: "/xdg" }, "/xdg/dk"],
    [{}, join(homedir(), ".cache", "dk")],
    [{ XDG_CACHE_HOME: "" }, join(homedir(), ".cache", "dk")],
    // Relative: the spec says to ignore it; taken, the cache would land in the directory dk was started in.
    [{ XDG_CACHE_HOME: "cache" }, join(homedir(), ".cache", "dk")],
    [{ XDG_CACHE_HOME: "./cache" }, join(homedir(), ".cache", "dk")],
  ])("for %j is %s", (env, dir) => {
    expect(cacheDir(env)).toBe(dir);
  });
});
