// The examples show what a user writes: they import the packages by name (never a package's sources), and the
// example deploy task takes its hosts the one way dk gives every flag (--hosts, or DK_DEPLOY_HOSTS).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ACTIVATIONS_DIR } from "../../../examples/try-hosts.ts";
import { STATE_ROOT } from "../src/builtin/deploy-nixos/state-dir.ts";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { packageDir } from "./helpers/paths.ts";

const examples = join(packageDir, "..", "..", "examples");

// The example's source files, outside node_modules.
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sources(path);
    return /\.(?:[cm]?[jt]s)$/.test(entry.name) ? [path] : [];
  });
}

// Every module specifier a file imports or re-exports, static or dynamic.
const specifiers = (text: string) =>
  [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm)].map((match) => match[1]!);

describe("the examples", () => {
  beforeAll(ensureBuilt, BUILD_HOOK_MS);

  it("import packages by name and their own files only", () => {
    const outside = sources(examples).flatMap((file) =>
      specifiers(readFileSync(file, "utf8"))
        .filter((specifier) => specifier.startsWith("."))
        .filter((specifier) => relative(examples, resolve(dirname(file), specifier)).startsWith(".."))
        .map((specifier) => `${relative(examples, file)}: ${specifier}`),
    );
    expect(sources(examples).length).toBeGreaterThan(3);
    expect(outside).toEqual([]);
  });

  it("clean up the activations' state where deploy-nixos keeps it", () => {
    expect(ACTIVATIONS_DIR).toBe(STATE_ROOT);
  });

  it("deploy takes its hosts from --hosts or DK_DEPLOY_HOSTS, no second variable", async () => {
    const hosts = "root@127.0.0.9";
    const preset = await dk(["--dry-run", "deploy"], { cwd: examples, env: { DK_DEPLOY_HOSTS: hosts } });
    expect(preset.code, preset.stderr).toBe(0);
    expect(preset.stdout).toContain("deploy-nixos switch (dry run: nothing ran) on 1 host: 1 ok, 0 failed\n");
    expect(preset.stdout).toContain(`[127.0.0.9] $ nixos-rebuild switch `);
    const other = await dk(["--dry-run", "deploy"], { cwd: examples, env: { DEPLOY_HOSTS: hosts } });
    expect(other.code, other.stderr).toBe(0);
    expect(other.stdout).toContain("deploy-nixos switch (dry run: nothing ran) on 3 hosts: 3 ok, 0 failed\n");
    expect(other.stdout).not.toContain("127.0.0.9");
  });
});
