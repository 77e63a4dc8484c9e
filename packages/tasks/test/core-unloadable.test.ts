// dk installed beside a copy of core missing a file of its build (a build or install under way, or cut short): a task
// fails saying which copy and what makes it whole, not as "dk: internal error" with Node's stack.
import { cpSync, mkdirSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { collect } from "@deploykit/sandbox";
import { packageDir, tempDir } from "./helpers/paths.ts";
import { packagePaths } from "./helpers/project.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

// A copy of `dir`'s package (`parts`), its dependencies linked to the ones installed for it.
function copyPackage(dir: string, to: string, parts: readonly string[], skip: readonly string[] = []): void {
  mkdirSync(join(to, "node_modules"), { recursive: true });
  for (const part of parts) cpSync(join(dir, part), join(to, part), { recursive: true });
  for (const name of readdirSync(join(dir, "node_modules"))) {
    if (name.startsWith(".") || skip.includes(name)) continue;
    symlinkSync(realpathSync(join(dir, "node_modules", name)), join(to, "node_modules", name));
  }
}

describe("a copy of core that cannot load", () => {
  it("fails a task with the copy's path, Node's reason and what to do; the listing still works", async () => {
    const root = tempDir("dk-torn-core-");
    const tasks = join(root, "tasks");
    const core = join(root, "core");
    copyPackage(packageDir, tasks, ["package.json", "bin", "dist", "src"], ["@deploykit"]);
    copyPackage(packagePaths.core, core, ["package.json", "dist"]);
    mkdirSync(join(tasks, "node_modules", "@deploykit"));
    symlinkSync(core, join(tasks, "node_modules", "@deploykit", "core"));
    rmSync(join(core, "dist", "core.cjs"));
    const project = tempDir("dk-torn-project-");
    writeFileSync(join(project, "tasks.ts"), 'export function hi() {\n  console.log("hi");\n}\n');
    const run = (args: string[]) =>
      collect(process.execPath, [join(tasks, "bin", "dk.js"), ...args], {
        cwd: project,
        env: { ...process.env, NO_COLOR: "1", DK_CACHE_DIR: tempDir("dk-torn-cache-") },
        timeoutMs: 60_000,
      });
    const result = await run(["hi"]);
    expect(result.stderr).toMatch(
      new RegExp(
        `^dk: ${join(core, "dist", "index.js")}: @deploykit/core cannot be loaded ` +
          `\\(ENOENT: no such file or directory, open '${join(core, "dist", "core.cjs")}'\\): ` +
          "reinstall it, or build it again if it is a workspace package " +
          "\\(a build under way leaves it incomplete\\)\n$",
      ),
    );
    expect(result.stdout).toBe("");
    expect(result.code).toBe(1);
    expect((await run(["--list"])).stdout).toMatch(/^Tasks in tasks\.ts:\n {2}hi\n/);
  });
});
