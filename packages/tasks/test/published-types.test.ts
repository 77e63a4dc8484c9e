import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { packageDir } from "./helpers/paths.ts";
import { userProject } from "./helpers/project.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

const tsc = createRequire(join(packageDir, "package.json")).resolve("typescript/bin/tsc");

// A user's project: both packages installed, a common strict tsconfig without our settings (no .ts imports,
// no source condition, no Node types), and one tasks file.
function typesProject(tasks: string): string {
  const compilerOptions = {
    target: "es2022",
    module: "nodenext",
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const files = {
    "package.json": JSON.stringify({ name: "user", type: "module" }),
    "tsconfig.json": JSON.stringify({ compilerOptions, include: ["tasks.ts"] }),
    "tasks.ts": tasks,
  };
  return userProject("dk-types-", files, ["core", "tasks"]);
}

function typecheck(dir: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) =>
    execFile(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: dir, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, output: stdout + stderr }),
    ),
  );
}

describe("the packages' published types", () => {
  it("type-check a user's tasks file with the user's own settings, and catch its mistakes", async () => {
    const dir = typesProject(`import { parseHosts, type CommandResult } from "@deploykit/core";
import { reboot, type RebootResult } from "@deploykit/tasks";
export async function check({ hosts }: { hosts: string }) {
  const results = await parseHosts(hosts).run("uptime", { stdout: "pipe", timeout: 5000 });
  const first: CommandResult | undefined = results[0]?.result;
  // @ts-expect-error: no such option
  await parseHosts(hosts).run("true", { noSuchOption: 1 });
  const rebooted: RebootResult[] = (await reboot(parseHosts(hosts))).map((r) => r.result);
  return [first, rebooted];
}
`);
    const result = await typecheck(dir);
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  });

  it("report a wrong use as an error in the user's file", async () => {
    const dir = typesProject(`import { parseHosts } from "@deploykit/core";
export async function check() {
  const n: number = await parseHosts("a").run("true");
  return n;
}
`);
    const result = await typecheck(dir);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/^tasks\.ts\(3,9\): error TS2322/m);
    // Only the user's file is blamed: nothing in the packages' own types.
    const errors = result.output.split("\n").filter((line) => line.includes("error TS"));
    expect(errors.filter((line) => !line.startsWith("tasks.ts("))).toEqual([]);
  });
});
