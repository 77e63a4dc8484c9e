// dk's switches after a task name: a task's own flag of that name takes the word; a boolean one shares it with dk.
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { userProject } from "./helpers/project.ts";

const TASKS = `
import { run } from "@deploykit/core";

export function report({ json, verbose, print }: { json?: string; verbose?: string; print?: string }) {
  console.log(JSON.stringify({ report: { json, verbose, print } }));
  return "report-result";
}

export function plain() {
  return "plain-result";
}

export async function probe({ dryRun }: { dryRun: string }) {
  await run("echo $((6 * 7))");
  return \`probe \${dryRun}\`;
}

export async function echo({ dryRun = false }: { dryRun?: boolean }) {
  console.log(JSON.stringify({ echo: { dryRun } }));
  await run("echo $((6 * 7))");
}

export function fails({ debug }: { debug: string }) {
  throw new Error(\`failed with debug=\${debug}\`);
}
`;

let cwd = "";
beforeAll(async () => {
  await ensureBuilt();
  cwd = userProject("dk-after-task-", { "tasks.ts": TASKS });
}, BUILD_HOOK_MS);

describe("a task's own value flag named like one of dk's switches", () => {
  it("takes the word, and dk's switch stays off: per task in a chain", async () => {
    const result = await dk(["report", "--print", "p1", "--verbose", "v1", "plain"], { cwd });
    expect(result).toMatchObject({ code: 0, stdout: '{"report":{"verbose":"v1","print":"p1"}}\n' });
    // After a task without such a flag, --print is dk's: every named task's value is printed.
    const both = await dk(["plain", "--print", "report", "--print", "p2"], { cwd });
    expect(both.stdout).toBe('plain-result\n{"report":{"print":"p2"}}\nreport-result\n');
  });

  it("--dry-run and --debug: the task gets the word, the commands run, no stack trace", async () => {
    const probe = await dk(["probe", "--dry-run", "yes", "--print"], { cwd });
    expect(probe).toMatchObject({ code: 0 });
    expect(probe.stdout).toContain("42\n");
    expect(probe.stdout).toContain("probe yes\n");
    const fails = await dk(["fails", "--debug", "yes"], { cwd });
    expect(fails.code).toBe(1);
    expect(fails.stderr).toContain("failed with debug=yes");
    // The word is the task's alone: no trace of the loading, and the failure is reported without a stack.
    expect(fails.stderr).not.toMatch(/^dk: cache (hit|miss)/m);
    expect(fails.stderr).toContain("(run with --debug for the stack trace)");
    const debugged = await dk(["--debug", "fails", "--debug", "yes"], { cwd });
    expect(debugged.stderr).toContain("failed with debug=yes");
    expect(debugged.stderr).not.toContain("(run with --debug for the stack trace)");
    expect(debugged.stderr).toMatch(/^dk: cache (hit|miss)/m);
  });

  it("--json: a task's own value flag takes `--json out.json`; after a task without one, it is dk's", async () => {
    for (const argv of [
      ["report", "--json", "out.json"],
      ["report", "--json=out.json"],
    ]) {
      const own = await dk(argv, { cwd });
      expect(own, argv.join(" ")).toMatchObject({ code: 0, stdout: '{"report":{"json":"out.json"}}\n' });
    }
    for (const argv of [
      ["--json", "report", "--json", "out.json"],
      ["report", "--json", "out.json", "plain", "--json"],
      ["plain", "--json", "report", "--json", "out.json"],
    ]) {
      const both = await dk(argv, { cwd });
      expect(both.code, argv.join(" ")).toBe(0);
      expect(JSON.parse(both.stdout), argv.join(" ")).toMatchObject({ ok: true, exitCode: 0 });
      expect(both.stderr, argv.join(" ")).toContain('{"report":{"json":"out.json"}}\n');
    }
  });
});

describe("a task's own boolean flag named like one of dk's switches", () => {
  it("shares the word with dk, before or after the task name, and across a chain", async () => {
    for (const argv of [
      ["echo", "--dry-run"],
      ["--dry-run", "echo"],
      ["plain", "--dry-run", "echo"],
    ]) {
      const result = await dk(argv, { cwd });
      expect(result.code, argv.join(" ")).toBe(0);
      expect(result.stdout, argv.join(" ")).toContain('{"echo":{"dryRun":true}}\n');
      expect(result.stdout, argv.join(" ")).not.toMatch(/^(\[localhost\] )?42$/m);
    }
  });
});
