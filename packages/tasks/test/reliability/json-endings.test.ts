import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "../helpers/build.ts";
import { dk, type DkResult } from "../helpers/dk.ts";
import { fixture } from "../helpers/paths.ts";

const file = fixture("json-shapes");

beforeAll(ensureBuilt, BUILD_HOOK_MS);

type Document = {
  ok: boolean;
  exitCode: number;
  task: string;
  hosts: { host: string; ok: boolean; exitCode: number | null; output: { stdout: string[] } }[];
};

const HINT =
  "(it awaits a promise that nothing can resolve: look for a missing resolve() or reject(), " +
  "or an unref()'d timer, socket or child)\n";

// The whole of stdout is one JSON document; returns it.
function documentOf(result: DkResult): Document {
  return JSON.parse(result.stdout) as Document;
}

describe("dk --json TASK: exactly one document on stdout, however the task ends", () => {
  it("returns: exit 0, ok, the task's own lines on stderr", async () => {
    const result = await dk(["-f", file, "--json", "chatty"]);
    expect(result.code).toBe(0);
    expect(documentOf(result)).toEqual({ ok: true, exitCode: 0, task: "chatty", result: null, hosts: [] });
    expect(result.stderr).toContain("log line\ninfo line\nwrite line\n");
  });

  it("throws: exit 1, the report and the task's line on stderr", async () => {
    const result = await dk(["-f", file, "--json", "throws"]);
    expect(result.code).toBe(1);
    expect(documentOf(result)).toMatchObject({ ok: false, exitCode: 1, task: "throws" });
    expect(result.stderr).toContain("before the throw\n");
    expect(result.stderr).toContain('dk: task "throws" failed: Error: the disk is full');
  });

  it.each([0, 3])("calls process.exit(%i): that exit code, and the hosts recorded so far", async (code) => {
    const result = await dk(["-f", file, "--json", "exits", "--code", String(code)]);
    expect(result.code).toBe(code);
    const doc = documentOf(result);
    expect(doc).toMatchObject({ ok: code === 0, exitCode: code, task: "exits" });
    expect(doc.hosts.map((host) => [host.host, host.ok, host.exitCode, host.output.stdout])).toEqual([
      ["localhost", true, 0, ["recorded"]],
    ]);
    expect(result.stderr).toContain("before exit\n");
  });

  it("never settles: exit 70 at once, with the reason on stderr", async () => {
    const result = await dk(["-f", file, "--json", "never-settles"]);
    expect(result.code).toBe(70);
    expect(documentOf(result)).toMatchObject({ ok: false, exitCode: 70, task: "never-settles", hosts: [] });
    expect(result.stderr).toContain("waiting forever\n");
    expect(result.stderr).toContain(
      `dk: task "never-settles" failed: the task's promise never settled: nothing left to wait for`,
    );
  });

  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("is interrupted by %s: exit %i", async (signal, code) => {
    const result = await dk(["-f", file, "--json", "interrupted", "--signal", signal]);
    expect(result.code).toBe(code);
    expect(documentOf(result)).toMatchObject({ ok: false, exitCode: code, task: "interrupted" });
    expect(result.stderr).toContain("ready\n");
    expect(result.stderr).toContain(`dk: interrupted (${signal})`);
  });

  it("lets an exception go uncaught: exit 1, dk's report on stderr", async () => {
    const result = await dk(["-f", file, "--json", "uncaught"]);
    expect(result.code).toBe(1);
    expect(documentOf(result)).toMatchObject({ ok: false, exitCode: 1, task: "uncaught" });
    expect(result.stderr).toContain('dk: task "uncaught" failed (uncaught exception): Error: thrown from a timer\n');
  });

  it.each([0, 3])("calls process.exit(%i) before the last task of a chain: the document, naming it", async (code) => {
    const result = await dk(["-f", file, "--json", "exits", "--code", String(code), "chatty"]);
    expect(result.code).toBe(code);
    const doc = documentOf(result);
    expect(doc).toMatchObject({ ok: code === 0, exitCode: code, task: "exits" });
    expect(doc.hosts.map((host) => [host.host, host.ok, host.output.stdout])).toEqual([
      ["localhost", true, ["recorded"]],
    ]);
    expect(result.stderr).not.toContain("log line");
  });

  it("calls process.exit while its module is imported: that exit code", async () => {
    const result = await dk(["-f", fixture("json-import"), "--json", "task"], { env: { DK_FIXTURE_IMPORT: "exit" } });
    expect(result.code).toBe(4);
    expect(documentOf(result)).toEqual({ ok: false, exitCode: 4, task: "task", result: null, hosts: [] });
    expect(result.stderr).toContain("importing\n");
  });

  it("never finishes importing its module: exit 70, with the reason on stderr", async () => {
    const result = await dk(["-f", fixture("json-import"), "--json", "task"], { env: { DK_FIXTURE_IMPORT: "stuck" } });
    expect(result.code).toBe(70);
    expect(documentOf(result)).toEqual({ ok: false, exitCode: 70, task: "task", result: null, hosts: [] });
    expect(result.stderr).toContain(
      `dk: task "task" failed: importing ${fixture("json-import")} never finished: ` +
        "its top-level await waits for nothing\n",
    );
  });

  it("cannot load the tasks file: exit 1 with a document; bad usage: exit 2 with none", async () => {
    const load = await dk(["-f", fixture("throws"), "--json", "serve"]);
    expect(load.code).toBe(1);
    expect(documentOf(load)).toEqual({ ok: false, exitCode: 1, task: "serve", result: null, hosts: [] });
    expect(load.stderr).toContain("DK_FIXTURE_PORT must be a number");
    for (const args of [
      ["--json", "chatty", "--bogus"],
      ["--json", "no-such-task"],
    ]) {
      const usage = await dk(["-f", file, ...args]);
      expect([usage.code, usage.stdout]).toEqual([2, ""]);
    }
  });
});

describe("a task whose promise never settles, without --json", () => {
  it("says so on stderr and exits 70, not Node's 13", async () => {
    const result = await dk(["-f", file, "never-settles"]);
    expect(result).toMatchObject({ code: 70, stdout: "waiting forever\n" });
    expect(result.stderr).toBe(
      `dk: task "never-settles" failed: the task's promise never settled: nothing left to wait for\n${HINT}`,
    );
  });
});
