import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { tempDir } from "./helpers/paths.ts";
import { userProject } from "./helpers/project.ts";

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

  it("through tsx, when the compiled path is not used", async () => {
    const dir = userProject("dk-one-core-", { ...SECOND_COPY, "tasks.ts": TASKS }, []);
    const notADir = join(tempDir("dk-cache-file-"), "file");
    writeFileSync(notADir, "");
    const result = await dk(["-f", join(dir, "tasks.ts"), "--dry-run", "--debug", "which"], { cache: notADir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("dk: tasks file: loading through tsx");
    expect(result.stdout).toContain("dry run: true\n");
  });
});
