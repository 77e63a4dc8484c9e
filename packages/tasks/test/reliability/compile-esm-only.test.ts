import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "../helpers/build.ts";
import { dk } from "../helpers/dk.ts";
import { userProject, writeFiles } from "../helpers/project.ts";
import { said } from "./cache-plant.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

// A package Node can only import: no "main", no "require" condition (as unicorn-magic).
function esmOnlyPackage(at: string, word: string): Record<string, string> {
  return {
    [`${at}/node_modules/esm-only/package.json`]: JSON.stringify({
      name: "esm-only",
      type: "module",
      exports: { import: "./index.js" },
    }),
    [`${at}/node_modules/esm-only/index.js`]: `export const word = ${JSON.stringify(word)};\n`,
  };
}

const LIB = `import { word } from "esm-only";\nexport const say = (): string => "said " + word;\n`;
const TASKS = (lib: string) =>
  `import { say } from "${lib}";\n/** x */\nexport function hello() {\n  console.log(say());\n}\n`;

describe("a tasks file outside any package.json is an ES module, whose imports may be ESM-only", () => {
  it("with the package in node_modules beside it", async () => {
    const dir = userProject(
      "dk-esm-",
      { "tasks.ts": TASKS("./lib.ts"), "lib.ts": LIB, ...esmOnlyPackage(".", "one") },
      [],
    );
    const result = await dk(["-f", join(dir, "tasks.ts"), "--debug", "hello"]);
    expect(result.stdout, said(result)).toBe("said one\n");
    expect(result.stderr).not.toContain("through tsx");
  });

  it("with no node_modules above tasks.ts, the package beside the file that imports it", async () => {
    const dir = userProject(
      "dk-esm-",
      { "proj/tasks.ts": TASKS("../shared/lib.ts"), "shared/lib.ts": LIB, ...esmOnlyPackage("shared", "two") },
      [],
    );
    const result = await dk(["-f", join(dir, "proj", "tasks.ts"), "--debug", "hello"]);
    expect(result.stdout, said(result)).toBe("said two\n");
    expect(result.stderr).not.toContain("through tsx");
  });

  it("picks up the package when it changes or one is installed nearer", async () => {
    const dir = userProject(
      "dk-esm-",
      { "app/tasks.ts": TASKS("./lib.ts"), "app/lib.ts": LIB, ...esmOnlyPackage(".", "outer") },
      [],
    );
    const run = async () => (await dk(["-f", join(dir, "app", "tasks.ts"), "hello"])).stdout;
    expect(await run()).toBe("said outer\n");
    writeFiles(dir, esmOnlyPackage(".", "updated"));
    expect(await run()).toBe("said updated\n");
    writeFiles(dir, esmOnlyPackage("app", "nearer"));
    expect(await run()).toBe("said nearer\n");
  });
});
