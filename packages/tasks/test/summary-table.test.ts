import type { HostRecord } from "@deploykit/core";
import { describe, expect, it } from "vitest";
import { summaryTable } from "@deploykit/core";

function record(host: string, ok: boolean, durationMs: number, tail: string[] = []): HostRecord {
  const error = ok ? null : "`false` failed with exit code 1";
  return {
    host,
    ok,
    exitCode: ok ? 0 : 1,
    durationMs,
    error,
    commands: 1,
    local: false,
    output: { stdout: [], stderr: [], truncated: false },
    tail,
  };
}

describe("the end-of-task summary table", () => {
  it("aligns the columns, counts the hosts and shows the last lines of each failed host", () => {
    const text = summaryTable([record("web1", true, 400), record("db", false, 125_000, ["disk full"])]);
    expect(text.split("\n")).toEqual([
      "",
      "host  result  exit  duration",
      "web1  ok         0      0.4s",
      "db    failed     1     2m05s  failed with exit code 1",
      "2 hosts: 1 ok, 1 failed",
      "",
      "last lines of db:",
      "  disk full",
      "",
    ]);
  });

  it("shows a failed host's progress line as a terminal left it, so the indent stays", () => {
    const text = summaryTable([record("db", false, 100, ["  1%\r 50%\rdone, then the disk filled"])]);
    expect(text.split("\n").slice(-3)).toEqual(["last lines of db:", "  done, then the disk filled", ""]);
  });

  it("says a dry run ran no command, beside the note on failures a task handled", () => {
    expect(summaryTable([record("web1", true, 0)], { dryRun: true })).toContain(
      "\n1 host: 1 ok, 0 failed (dry run: no command ran)\n",
    );
    const both = summaryTable([record("web1", false, 0)], { dryRun: true, succeeded: true });
    expect(both).toContain(
      "\n1 host: 0 ok, 1 failed (dry run: no command ran; the task handled the failures and succeeded)\n",
    );
  });

  it("says host, not hosts, for one", () => {
    expect(summaryTable([record("web1", true, 200)])).toContain("\n1 host: 1 ok, 0 failed\n");
  });
});
