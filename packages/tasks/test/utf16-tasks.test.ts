// A tasks file (or a file it imports) saved as UTF-16, as Windows PowerShell's `>` writes one: TypeScript reads it,
// so dk lists its tasks, but it is compiled as UTF-8; the run says how the file is saved and what to do.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { userProject, writeFiles } from "./helpers/project.ts";
import { writeFileSync } from "node:fs";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
const TODO = "it is saved as UTF-16, and dk reads TypeScript as UTF-8: save it as UTF-8 (while loading the tasks file)";

describe("a tasks file saved as UTF-16", () => {
  it("is named as such when a task runs", async () => {
    const dir = userProject("dk-utf16-", {}, []);
    writeFileSync(join(dir, "tasks.ts"), utf16('export function a() {\n  console.log("a");\n}\n'));
    const result = await dk(["-f", join(dir, "tasks.ts"), "a"]);
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toBe(`dk: ${join(dir, "tasks.ts")}:1:1: ${TODO}\n`);
  });

  it("names the imported file that is", async () => {
    const dir = userProject("dk-utf16-", {}, []);
    writeFiles(dir, {
      "tasks.ts": 'import { word } from "./word.ts";\nexport function a() {\n  console.log(word);\n}\n',
    });
    writeFileSync(join(dir, "word.ts"), utf16('export const word = "a";\n'));
    const result = await dk(["-f", join(dir, "tasks.ts"), "a"]);
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toBe(`dk: ${join(dir, "word.ts")}:1:1: ${TODO}\n`);
  });
});
