// `@deprecated` on a task or a flag: extracted with its text, shown by the list and help, and noted when relied on.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { extract } from "./helpers/extract.ts";
import { tempDir } from "./helpers/paths.ts";

const SOURCE = [
  "/**",
  " * Old deploy.",
  " * @deprecated use {@link deploy2},",
  " *   which is faster.",
  " */",
  "export function deploy(o: {",
  "  /** Slow. @deprecated within a sentence is prose */",
  "  slow?: boolean;",
  "  /**",
  "   * How many.",
  "   * @deprecated",
  "   */",
  "  count?: number;",
  "  /** Where. */",
  "  to?: string;",
  "}) {",
  "  console.log(JSON.stringify(o));",
  "}",
  "/** New. */",
  "export function deploy2() {}",
].join("\n");

beforeAll(ensureBuilt, BUILD_HOOK_MS);

describe("@deprecated", () => {
  it("is read with its text from a task and from a flag, and only where it starts a line", () => {
    const { tasks, problem } = extract({ "tasks.ts": SOURCE });
    expect(problem).toBeUndefined();
    const [deploy, deploy2] = tasks;
    expect(deploy).toMatchObject({ help: "Old deploy.", deprecated: "use deploy2, which is faster." });
    expect(deploy!.flags.map((flag) => [flag.name, flag.deprecated])).toEqual([
      ["slow", undefined],
      ["count", ""],
      ["to", undefined],
    ]);
    expect(deploy!.flags[0]!.help).toBe("Slow. @deprecated within a sentence is prose");
    expect(deploy2).not.toHaveProperty("deprecated");
  });

  it("shows in the list and in help", async () => {
    const project = tempDir();
    writeFileSync(join(project, "tasks.ts"), SOURCE);
    const list = await dk(["--list"], { cwd: project });
    expect(list.stdout).toMatch(/\n {2}deploy {3}Old deploy\. \[deprecated: use deploy2, which is faster\]\n/);
    expect(list.stdout).toMatch(/\n {2}deploy2 {2}New\.\n/);
    const help = await dk(["deploy", "--help"], { cwd: project });
    expect(help.stdout).toContain(
      "\nOld deploy.\n\nThis task is deprecated: use deploy2, which is faster.\n\nFlags:\n",
    );
    expect(help.stdout).toContain("  --count <number>  How many. (number, deprecated)\n");
    expect(help.stdout).toContain("  --to <string>     Where. (string)\n");
  });

  it("is noted when the task is named, and for each deprecated flag given, from argv or a preset", async () => {
    const project = tempDir();
    writeFileSync(join(project, "tasks.ts"), SOURCE);
    const task = 'dk: task "deploy" is deprecated: use deploy2, which is faster\n';
    const count = 'dk: --count of task "deploy" is deprecated\n';
    expect(await dk(["deploy", "--to", "x"], { cwd: project })).toMatchObject({ code: 0, stderr: task });
    expect(await dk(["deploy", "--count", "2"], { cwd: project })).toMatchObject({
      code: 0,
      stdout: '{"count":2}\n',
      stderr: task + count,
    });
    const env = { DK_DEPLOY_COUNT: "3" };
    expect(await dk(["deploy"], { cwd: project, env })).toMatchObject({ code: 0, stderr: task + count });
    expect(await dk(["deploy2"], { cwd: project, env })).toMatchObject({ code: 0, stderr: "" });
  });
});
