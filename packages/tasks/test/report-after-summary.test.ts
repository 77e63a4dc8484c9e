// A task that fails with a group call's GroupError gets the summary table, which names each failed host and why, then
// a report that says so instead of naming them a third time (after their progress lines and their rows). A GroupError
// whose hosts the summary does not show as failed is still reported in full.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { userProject } from "./helpers/project.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

const TASKS = `import { parseHosts } from "@deploykit/core";

const fail = (bad: string) => (host: { commandPrefix: string; runLocal(command: string): Promise<unknown> }) =>
  host.runLocal(host.commandPrefix === bad ? "echo oops >&2; exit 3" : "echo fine");

export async function fails() {
  await parseHosts("a,b,c").runFunction(fail("b"));
}

// b fails, then succeeds on a second try; the first try's error is thrown after all.
export async function retried() {
  const group = parseHosts("a,b");
  const first = await group.runFunction(fail("b")).catch((error: unknown) => error);
  await group.runFunction(fail("none"));
  throw first;
}
`;
const file = join(userProject("dk-report-summary-", { "tasks.ts": TASKS }), "tasks.ts");
// dk's report, after the hosts' stderr lines.
const report = (stderr: string) => stderr.slice(stderr.indexOf("dk: "));

describe("the report of a GroupError after the summary", () => {
  it("leaves the hosts and reasons to the summary, which has them", async () => {
    const result = await dk(["-f", file, "fails"]);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/^b +failed +3 +\d+\.\ds +failed with exit code 3: oops$/m);
    expect(report(result.stderr)).toBe(
      'dk: task "fails" failed: 1 of 3 hosts failed (the summary above says which and why)\n',
    );
    const json = await dk(["-f", file, "--json", "fails"]);
    expect(json.stderr).toMatch(/^b +failed +3 +\d+\.\ds +failed with exit code 3: oops$/m);
    expect(json.stderr).toMatch(
      /\ndk: task "fails" failed: 1 of 3 hosts failed \(the summary above says which and why\)\n$/,
    );
  });

  it("names them when the summary shows them ok", async () => {
    const result = await dk(["-f", file, "retried"]);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/^b +ok +0 /m);
    expect(report(result.stderr)).toBe(
      'dk: task "retried" failed: 1 of 2 hosts failed:\n  b: `echo oops >&2; exit 3` failed with exit code 3: oops\n',
    );
  });
});
