// dk --on: the global selection every group call of the task sees (configure({ on }) in core).
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";

const TASKS = join(import.meta.dirname, "fixtures", "tagged", "tasks.ts");
beforeAll(() => ensureBuilt(), BUILD_HOOK_MS);

describe("dk --on", () => {
  it("without it, every host", async () => {
    const run = await dk(["-f", TASKS, "names"]);
    expect(run.stdout).toContain("reached: web1.example.com web2.example.com db1.example.com db3.example.com\n");
    expect(run.code).toBe(0);
  });

  it.each([
    ["@web", "web1.example.com web2.example.com"],
    ["@web,db*,!db3*", "web1.example.com web2.example.com db1.example.com"],
    ["!@web", "db1.example.com db3.example.com"],
  ])("--on %s picks %s", async (selector, reached) => {
    const run = await dk(["-f", TASKS, "--on", selector, "names"]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain(`reached: ${reached}\n`);
    expect(run.code).toBe(0);
  });

  it("takes --on after the task name as before it, and refuses it on both sides", async () => {
    const run = await dk(["-f", TASKS, "names", "--on", "@web,db*,!db3*"]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("reached: web1.example.com web2.example.com db1.example.com\n");
    expect(run.code).toBe(0);
    const twice = await dk(["-f", TASKS, "--on", "@web", "names", "--on", "@db"]);
    expect(twice.code).toBe(2);
    expect(twice.stderr.split("\n")[0]).toBe("dk: --on given more than once");
    expect(twice.stdout).not.toContain("reached");
    const bad = await dk(["-f", TASKS, "names", "--on", "a b"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      '--on needs a selection like @web,db*,!db3 (@tag, host name glob, ! to exclude), got "a b"',
    );
  });

  it("matching nothing is an error that names the hosts and their tags", async () => {
    const run = await dk(["-f", TASKS, "--on", "@wbe", "names"]);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain("reached");
    expect(run.stderr).toContain("`@wbe` matches none of the 4 hosts");
    expect(run.stderr).toContain("their tags: db, eu, us, web");
  });

  it("a selection that is no selection at all is bad usage (exit 2)", async () => {
    const run = await dk(["-f", TASKS, "--on", "a b", "names"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '--on needs a selection like @web,db*,!db3 (@tag, host name glob, ! to exclude), got "a b"',
    );
    expect((await dk(["--help"])).stdout).toMatch(/--on HOSTS +only these hosts take part in the task/);
  });
});
