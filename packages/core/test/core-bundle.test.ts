import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import * as source from "../src/index.ts";

// Core's build: all of core in dist/core.cjs, and dist/index.js, the ES module entry that loads it.
const core = join(import.meta.dirname, "..");

function buildInto(dir: string): void {
  const build = JSON.parse(readFileSync(join(core, "package.json"), "utf8")).scripts.build as string;
  const step = build.split(" && ").find((s) => s.includes("build-core.mjs"));
  expect(step).toBeDefined();
  execFileSync("sh", ["-c", `exec ${step} "$0"`, dir], {
    cwd: core,
    env: { ...process.env, PATH: `${join(core, "node_modules", ".bin")}:${process.env.PATH}` },
  });
}

// Imports the built entry in a process of its own, with or without a lent loader, and prints what it saw.
function importEntry(dir: string, lend: boolean): { names: string[]; lentPaths: string[]; hostName: string } {
  const script = [
    "const lentPaths = [];",
    'const { createRequire } = await import("node:module");',
    lend
      ? 'globalThis[Symbol.for("@deploykit/core.loadCommonJs")] = (p) => (lentPaths.push(p), createRequire(p)(p));'
      : "",
    `const core = await import(${JSON.stringify(pathToFileURL(join(dir, "index.js")).href)});`,
    'const host = new core.Host("web1");',
    "console.log(JSON.stringify({ names: Object.keys(core).sort(), lentPaths, hostName: host.hostname }));",
  ].join("\n");
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  return JSON.parse(out) as { names: string[]; lentPaths: string[]; hostName: string };
}

describe("core's build", () => {
  const dir = mkdtempSync(join(tmpdir(), "dk-core-build-"));
  buildInto(dir);

  it("exports from its ES module entry every name the source exports, and works without a lent loader", () => {
    const seen = importEntry(dir, false);
    expect(seen.names).toEqual(Object.keys(source).sort());
    expect(seen.lentPaths).toEqual([]);
    expect(seen.hostName).toBe("web1");
  });

  it("loads its one CommonJS file through the loader an application lends, once", () => {
    const seen = importEntry(dir, true);
    expect(seen.lentPaths).toEqual([join(dir, "core.cjs")]);
    expect(seen.names).toEqual(Object.keys(source).sort());
    expect(seen.hostName).toBe("web1");
  });

  it("finds the files beside it from its own location, not from where its build ran", () => {
    const text = readFileSync(join(dir, "core.cjs"), "utf8");
    expect(text).not.toMatch(/import[._]meta/);
    expect(text).toContain("pathToFileURL(__filename)");
  });
});
