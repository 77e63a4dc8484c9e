import { execFile } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { userProject } from "./helpers/project.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

// A script run by plain Node (no loader, no TypeScript), as a user's deploy script outside dk would be.
const SCRIPT = `import { parseHosts, GroupError } from "@deploykit/core";
import { reboot, deployNixos, RebootError, DeployNixosError } from "@deploykit/tasks";
const kinds = [reboot, deployNixos, RebootError, DeployNixosError].map((value) => typeof value);
let refusal;
try {
  await reboot(parseHosts("h1"), { timeout: -5 });
} catch (error) {
  refusal = error instanceof TypeError ? error.message : String(error);
}
console.log(JSON.stringify({ kinds, refusal, groupError: typeof GroupError }));
`;

function runNode(dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(process.execPath, ["script.mjs"], { cwd: dir, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr }),
    ),
  );
}

describe("the packages as plain JavaScript", () => {
  it("load in a Node script without dk or a TypeScript loader, and the built-ins check their options", async () => {
    const dir = userProject("dk-js-", { "package.json": '{"type":"module"}', "script.mjs": SCRIPT }, ["core", "tasks"]);
    const result = await runNode(dir);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const shown = JSON.parse(result.stdout) as { kinds: string[]; refusal: string };
    expect(shown.kinds).toEqual(["function", "function", "function", "function"]);
    expect(shown.refusal).toMatch(/timeout/);
  });
});
