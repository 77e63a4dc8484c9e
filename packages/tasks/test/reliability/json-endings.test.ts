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

  it.each([["SIGINT", 130], ["SIGTERM", 143]] as const)("is interrupted by %s: exit %i", async (signal, code) => {
    const result = await dk(["-f", file, "--json", "interrupted", "--signal", signal]);
    expect(result.code).toBe(code);
    expect(documentOf(result)).toMatchObject({ ok: false, exitCode: code, task: "interrupted" });
    expect(result.stderr).toContain("ready\n");
    expect(result.stderr).toContain(`dk: interrupted (${signal})`);
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
