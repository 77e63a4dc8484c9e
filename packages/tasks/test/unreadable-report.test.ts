// A task (or one host's function) that throws a value which throws when read still gets a report: dk says the value
// cannot be shown instead of failing with an internal error of its own.
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { fixture } from "./helpers/paths.ts";

const file = fixture("unreadable");

beforeAll(ensureBuilt, BUILD_HOOK_MS);

describe("the report of a value that throws when read", () => {
  it("a proxy one host's function threw: its row names the host, the other host is ok", async () => {
    const result = await dk(["-f", file, "host-proxy"]);
    expect(result.stderr).not.toContain("internal error");
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^web1 +failed .*a thrown value that cannot be shown$/m);
    expect(result.stdout).toMatch(/^web2 +ok /m);
    expect(result.stderr).toContain(
      'dk: task "host-proxy" failed: 1 of 2 hosts failed (the summary above says which and why)\n',
    );
  });

  it("a proxy or an unreadable Error the task threw, also under --debug", async () => {
    for (const args of [[], ["--debug"]]) {
      for (const task of ["task-proxy", "task-getters"]) {
        const result = await dk(["-f", file, ...args, task]);
        expect(result.stderr, task).toContain(`dk: task "${task}" failed: a thrown value that cannot be shown\n`);
        expect(result.stderr).not.toContain("internal error");
        expect(result.code).toBe(1);
      }
    }
  });

  it("an unreadable cause: the error that wraps it is reported, the cause said to be unreadable", async () => {
    const result = await dk(["-f", file, "wrapped"]);
    expect(result.code).toBe(1);
    const [first, at, cause] = result.stderr.split("\n");
    expect(first).toBe('dk: task "wrapped" failed: Error: the deploy step failed');
    expect(at).toMatch(/^ {2}at .*tasks\.ts:\d+:\d+$/);
    expect(cause).toBe("  caused by: a thrown value that cannot be shown");
  });
});
