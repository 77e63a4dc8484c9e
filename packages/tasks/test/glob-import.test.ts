// An `import(\`./lib/${name}.ts\`)` is compiled as esbuild compiles it: into a glob over the files there at the time.
// The compiled module, cached, must go stale when a file is added there (or below), as it does when one changes.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { tempDir } from "./helpers/paths.ts";
import { userProject } from "./helpers/project.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

const TASKS = `export async function load({ name }: { name: string }) {
  const module = (await import(\`./lib/\${name}.ts\`)) as { where: string };
  console.log(module.where);
}
`;

const where = (name: string) => `export const where = ${JSON.stringify(name)};\n`;

describe("a tasks file importing by a template literal", () => {
  it("loads a file added where the import looks after the module was compiled and cached", async () => {
    const dir = userProject("dk-glob-", { "tasks.ts": TASKS, "lib/a.ts": where("a") });
    const cache = tempDir("dk-glob-cache-");
    const first = await dk(["load", "--name", "a"], { cwd: dir, cache });
    expect(first.stdout).toBe("a\n");
    writeFileSync(join(dir, "lib", "b.ts"), where("b"));
    const added = await dk(["load", "--name", "b"], { cwd: dir, cache });
    expect(added.stderr).toBe("");
    expect(added.stdout).toBe("b\n");
    expect(added.code).toBe(0);
    mkdirSync(join(dir, "lib", "sub"));
    writeFileSync(join(dir, "lib", "sub", "c.ts"), where("sub/c"));
    const below = await dk(["load", "--name", "sub/c"], { cwd: dir, cache });
    expect(below.stderr).toBe("");
    expect(below.stdout).toBe("sub/c\n");
    // Unchanged, the cached module serves again.
    const again = await dk(["load", "--name", "b", "--debug"], { cwd: dir, cache });
    expect(again.stdout).toBe("b\n");
    expect(again.stderr).toMatch(/tasks file: compiled module \S+ \(cached\)/);
  });

  it("names the tasks file's line for a name the glob has no file for, not one of the compiled module", async () => {
    const dir = userProject("dk-glob-", { "tasks.ts": TASKS, "lib/a.ts": where("a") });
    const result = await dk(["load", "--name", "nope"], { cwd: dir });
    expect(result.stderr).toBe(
      'dk: task "load" failed: Error: Module not found in bundle: ./lib/nope.ts\n' +
        `  at ${join(dir, "tasks.ts")}:2:32\n(run with --debug for the stack trace)\n`,
    );
    expect(result.code).toBe(1);
  });
});
