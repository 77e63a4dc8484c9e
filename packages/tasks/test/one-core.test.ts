import { chmodSync, cpSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { collect } from "@deploykit/sandbox";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { tempDir } from "./helpers/paths.ts";
import { packagePaths, userProject } from "./helpers/project.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

// A second, different copy of @deploykit/core installed in the user's project: were it loaded, its settings
// would not be dk's (no dry run), and its errors would not be dk's classes.
const SECOND_COPY = {
  "node_modules/@deploykit/core/package.json": JSON.stringify({
    name: "@deploykit/core",
    type: "module",
    exports: "./index.js",
  }),
  "node_modules/@deploykit/core/index.js": `export const isDryRun = () => "the second copy";\n`,
};
const TASKS = `import { isDryRun, run } from "@deploykit/core";
/** which core */
export async function which() {
  console.log("dry run: " + isDryRun());
  await run("echo never runs");
}
`;

describe("a tasks file gets dk's own @deploykit/core, whatever its project has installed", () => {
  it("on the compiled path", async () => {
    const dir = userProject("dk-one-core-", { ...SECOND_COPY, "tasks.ts": TASKS }, []);
    const result = await dk(["-f", join(dir, "tasks.ts"), "--dry-run", "--debug", "which"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain("through tsx");
    expect(result.stdout).toContain("dry run: true\n");
    expect(result.stdout).toMatch(/echo never runs {2}\(dry run\)\n/);
  });

  it.each([
    ["compiled once into a private temporary dir, without a cache", false, "removed once imported"],
    ["through tsx, without a cache or a private temporary dir", true, "dk: tasks file: loading through tsx"],
  ])("%s", async (_name, sharedTmp, said) => {
    const dir = userProject("dk-one-core-", { ...SECOND_COPY, "tasks.ts": TASKS }, []);
    const notADir = join(tempDir("dk-cache-file-"), "file");
    writeFileSync(notADir, "");
    const tmp = tempDir("dk-tmp-");
    // A temporary dir others may write: dk compiles nothing into it.
    if (sharedTmp) chmodSync(tmp, 0o777);
    const args = ["-f", join(dir, "tasks.ts"), "--dry-run", "--debug", "which"];
    const result = await dk(args, { cache: notADir, env: { TMPDIR: tmp } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(said);
    expect(result.stdout).toContain("dry run: true\n");
  });
});

// A second install of this dk and its core (say a global one beside the project's), with the same version: its own
// copies of both packages, their dependencies linked.
function secondInstall(): string {
  const modules = join(tempDir("dk-second-install-"), "node_modules");
  for (const [name, parts] of [
    ["core", ["dist", "package.json"]],
    ["tasks", ["bin", "dist", "src", "package.json"]],
  ] as const) {
    for (const part of parts)
      cpSync(join(packagePaths[name], part), join(modules, "@deploykit", name, part), {
        recursive: true,
        preserveTimestamps: true,
      });
    for (const dep of readdirSync(join(packagePaths[name], "node_modules")).filter((d) => !d.startsWith("."))) {
      if (dep.startsWith("@")) continue;
      mkdirSync(modules, { recursive: true });
      try {
        symlinkSync(join(packagePaths[name], "node_modules", dep), join(modules, dep));
      } catch {
        // Both packages depend on it: linked once.
      }
    }
  }
  return join(modules, "@deploykit", "tasks", "bin", "dk.js");
}

describe("two installed copies of dk running one tasks file", () => {
  it("each runs the module compiled for its own core, and both stay cached", async () => {
    const dir = userProject("dk-two-installs-", { "tasks.ts": TASKS }, []);
    const tasks = join(dir, "tasks.ts");
    const other = secondInstall();
    const cache = tempDir("dk-two-installs-cache-");
    const otherDk = (args: string[]) =>
      collect(process.execPath, [other, ...args], { env: { ...process.env, NO_COLOR: "1", DK_CACHE_DIR: cache } });

    expect((await dk(["-f", tasks, "--dry-run", "which"], { cache })).stdout).toContain("dry run: true\n");
    const second = await otherDk(["-f", tasks, "--dry-run", "--debug", "which"]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain("dry run: true\n");
    expect(second.stdout).toMatch(/echo never runs {2}\(dry run\)\n/);
    expect(second.stderr).toMatch(/tasks file: compiled to /);
    for (const again of [
      await dk(["-f", tasks, "--dry-run", "--debug", "which"], { cache }),
      await otherDk(["-f", tasks, "--dry-run", "--debug", "which"]),
    ]) {
      expect(again.stdout).toContain("dry run: true\n");
      expect(again.stderr).toMatch(/compiled module \S+ \(cached\)/);
    }
  });
});
