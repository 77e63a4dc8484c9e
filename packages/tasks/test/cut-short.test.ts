// A host whose part of a group call had not finished when the run ended without Ctrl-C is not "interrupted" in the
// summary and the JSON document: its function never settled (nothing left that could settle it), or the task ended
// (threw, or called process.exit) while it ran.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { userProject } from "./helpers/project.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

const TASKS = `import { parseHosts } from "@deploykit/core";

// a's part ends after its command; b's part never settles after it.
const call = () =>
  parseHosts("a,b").runFunction(async (host) => {
    await host.runLocal("echo ran");
    if (host.commandPrefix === "b") await new Promise(() => {});
  });

export async function awaits() {
  await call();
}

export async function returns() {
  void call();
}

// Each host's part still in its command when the task ends.
const slow = () => void parseHosts("a,b").runFunction((host) => host.runLocal("echo ran; sleep 30"));

export async function throws() {
  slow();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  throw new Error("boom");
}

export async function exits() {
  slow();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  process.exit(0);
}
`;
const file = join(userProject("dk-cut-short-", { "tasks.ts": TASKS }), "tasks.ts");
const HINT =
  "(it awaits a promise that nothing can resolve: look for a missing resolve() or reject(), or an unref()'d timer," +
  " socket or child)\n";

// The summary's rows after its header, each without its duration.
function rows(stdout: string): string[] {
  const lines = stdout.split("\n");
  const header = lines.findIndex((line) => line.startsWith("host "));
  return lines.slice(header + 1, header + 3).map((line) => line.replace(/\s+\d+\.\ds\s*/, " | ").trim());
}

describe("a host cut short without Ctrl-C", () => {
  it("whose function never settled, in a group call the task awaits, says so", async () => {
    const result = await dk(["-f", file, "awaits"], { timeoutMs: 60_000 });
    expect(result.code).toBe(70);
    expect(rows(result.stdout)).toEqual(["a     ok         0 |", "b     failed     0 | never settled"]);
    expect(result.stderr).toBe(
      'dk: task "awaits" failed: the task\'s promise never settled: nothing left to wait for\n' + HINT,
    );
    const json = await dk(["-f", file, "--json", "awaits"], { timeoutMs: 60_000 });
    // A fault of the task's, not a stop: failed, not halted.
    type Shown = { error: string | null; halted: string | null };
    expect(JSON.parse(json.stdout).hosts.map((host: Shown) => [host.error, host.halted])).toEqual([
      [null, null],
      ["never settled", null],
    ]);
  });

  it("whose function never settled after the task returned, names the host, not the task's promise", async () => {
    const result = await dk(["-f", file, "returns"], { timeoutMs: 60_000 });
    expect(result.code).toBe(70);
    expect(rows(result.stdout)).toEqual(["a     ok         0 |", "b     failed     0 | never settled"]);
    expect(result.stderr).toContain(
      'dk: task "returns" failed: it returned, but its group call\'s function on b never settled: ' +
        "nothing left to wait for\n" +
        HINT,
    );
  });

  it.each([
    ["throws", 1],
    ["exits", 0],
  ])("still running when the task %s: stopped as the task ended", async (task, code) => {
    const result = await dk(["-f", file, task], { timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(code);
    expect(rows(result.stdout)).toEqual([
      "a     stopped     - | the task ended",
      "b     stopped     - | the task ended",
    ]);
    expect(result.stdout).toMatch(/^2 hosts: 0 ok, 0 failed, 2 stopped$/m);
    expect(result.stdout).not.toContain("handled the failures");
  });
});
