import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "../helpers/build.ts";
import { dk, type DkResult } from "../helpers/dk.ts";
import { fixture } from "../helpers/paths.ts";

const file = fixture("json-shapes");

beforeAll(ensureBuilt, 120_000);

type Document = { ok: boolean; exitCode: number; task: string; hosts: { host: string; ok: boolean; exitCode: number | null; output: { stdout: string[] } }[] };

// The whole of stdout is one JSON document; returns it.
function documentOf(result: DkResult): Document {
  return JSON.parse(result.stdout) as Document;
}

describe("dk --json TASK: exactly one document on stdout, however the task ends", () => {
  it("returns: exit 0, ok, the task's own lines on stderr", async () => {
    const result = await dk(["-f", file, "--json", "chatty"]);
    expect(result.code).toBe(0);
    expect(documentOf(result)).toEqual({ ok: true, exitCode: 0, task: "chatty", hosts: [] });
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
    expect(doc.hosts.map((host) => [host.host, host.ok, host.exitCode, host.output.stdout])).toEqual([["localhost", true, 0, ["recorded"]]]);
    expect(result.stderr).toContain("before exit\n");
  });

  it.each([["SIGINT", 130], ["SIGTERM", 143]] as const)("is interrupted by %s: exit %i", async (signal, code) => {
    const result = await dk(["-f", file, "--json", "interrupted", "--signal", signal]);
    expect(result.code).toBe(code);
    expect(documentOf(result)).toMatchObject({ ok: false, exitCode: code, task: "interrupted" });
    expect(result.stderr).toContain("ready\n");
    expect(result.stderr).toContain(`dk: interrupted (${signal})`);
  });

  it("dies of an uncaught exception: exit 1, Node's report on stderr", async () => {
    const result = await dk(["-f", file, "--json", "uncaught"]);
    expect(result.code).toBe(1);
    expect(documentOf(result)).toMatchObject({ ok: false, exitCode: 1, task: "uncaught" });
    expect(result.stderr).toContain("thrown from a timer");
  });

  it("calls process.exit while its module is imported: that exit code", async () => {
    const result = await dk(["-f", fixture("json-import"), "--json", "task"], { env: { DK_FIXTURE_IMPORT: "exit" } });
    expect(result.code).toBe(4);
    expect(documentOf(result)).toEqual({ ok: false, exitCode: 4, task: "task", hosts: [] });
    expect(result.stderr).toContain("importing\n");
  });

  it("cannot load the tasks file: exit 1 with a document; bad usage: exit 2 with none", async () => {
    const load = await dk(["-f", fixture("throws"), "--json", "serve"]);
    expect(load.code).toBe(1);
    expect(documentOf(load)).toEqual({ ok: false, exitCode: 1, task: "serve", hosts: [] });
    expect(load.stderr).toContain("DK_FIXTURE_PORT must be a number");
    for (const args of [["--json", "chatty", "--bogus"], ["--json", "no-such-task"]]) {
      const usage = await dk(["-f", file, ...args]);
      expect([usage.code, usage.stdout]).toEqual([2, ""]);
    }
  });
});
