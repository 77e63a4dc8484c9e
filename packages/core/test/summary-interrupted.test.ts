// A host cut short (Ctrl-C) while a command runs, or its group call's function: that command has no exit code yet,
// whatever the one before had, and the host is not ok; the table says it was stopped, and counts it apart from the
// hosts that failed, as it does the hosts never started.
import { describe, expect, it } from "vitest";
import { createRecorder, type HostRecord } from "../src/status/recorder.ts";
import { summaryTable } from "../src/status/summary.ts";

const quiet = { line: () => undefined, notice: () => {} };

describe("a host interrupted during a command", () => {
  it("has no exit code in its record nor in the table, not the code of the command before", () => {
    const recorder = createRecorder(quiet);
    recorder.start("web1", "true", "web1");
    recorder.end("web1", { command: "true", exitCode: 0, durationMs: 5 });
    recorder.start("web1", "sleep 60", "web1");
    const [web1] = recorder.hosts();
    expect(web1).toMatchObject({ host: "web1", ok: false, exitCode: null, error: "interrupted", halted: "stopped" });
    const [, head, row, count] = summaryTable(recorder.hosts()).split("\n");
    expect(head).toBe("host  result   exit  duration");
    expect(row).toMatch(/^web1 {2}stopped +- +\d+\.\ds$/);
    expect(count).toBe("1 host: 0 ok, 0 failed, 1 stopped");
  });

  it("is stopped, its reason kept, when its command ended by the stop; one that failed of itself is failed", () => {
    const recorder = createRecorder(quiet);
    const error = "`sleep 60` was interrupted while connecting to the host; the command never started";
    recorder.start("web1", "sleep 60", "web1");
    recorder.end("web1", { command: "sleep 60", exitCode: 130, durationMs: 5, error, stopped: true });
    recorder.start("web2", "false", "web2");
    recorder.end("web2", { command: "false", exitCode: 1, durationMs: 5, error: "`false` failed with exit code 1" });
    expect(recorder.hosts().map(({ host, halted }) => [host, halted])).toEqual([
      ["web1", "stopped"],
      ["web2", null],
    ]);
    const lines = summaryTable(recorder.hosts()).split("\n");
    expect(lines[2]).toMatch(/^web1 {2}stopped +130 +\d+\.\ds {2}was interrupted while connecting to the host;/);
    expect(lines[3]).toMatch(/^web2 {2}failed +1 +\d+\.\ds {2}failed with exit code 1$/);
    expect(lines[4]).toBe("2 hosts: 0 ok, 1 failed, 1 stopped");
  });

  it("is interrupted, not ok nor 'not started', when its group call's function was under way, between commands", () => {
    const recorder = createRecorder(quiet);
    recorder.plan(["web1", "web2", "web3"]);
    for (const tag of ["web1", "web2"]) recorder.begin(tag);
    // web1's function ran a command and waits (for a reboot, say); web2's has run none yet; web3 never got its turn.
    recorder.start("web1", "true", "web1");
    recorder.end("web1", { command: "true", exitCode: 0, durationMs: 5 });
    const seen = ({ host, ok, exitCode, error, halted }: HostRecord) => ({ host, ok, exitCode, error, halted });
    expect(recorder.hosts().map(seen)).toEqual([
      { host: "web1", ok: false, exitCode: 0, error: "interrupted", halted: "stopped" },
      { host: "web2", ok: false, exitCode: null, error: "interrupted", halted: "stopped" },
      { host: "web3", ok: false, exitCode: null, error: "not started", halted: "not started" },
    ]);
    const [, , ...rows] = summaryTable(recorder.hosts()).split("\n");
    expect(rows.slice(0, 4)).toEqual([
      expect.stringMatching(/^web1 {2}stopped +0 +\d+\.\ds$/),
      expect.stringMatching(/^web2 {2}stopped +- +\d+\.\ds$/),
      expect.stringMatching(/^web3 {2}not started +- +0\.0s$/),
      "3 hosts: 0 ok, 0 failed, 2 stopped, 1 not started",
    ]);
    recorder.settled("web1");
    recorder.settled("web2", "no such release");
    expect(recorder.hosts().map(({ ok, error, halted }) => [ok, error, halted])).toEqual([
      [true, null, null],
      [false, "no such release", null],
      [false, "not started", "not started"],
    ]);
    // A function that failed because the call was stopped (its command interrupted, an AbortError) was stopped.
    recorder.settled("web2", "`sleep 60` was interrupted", true);
    expect(recorder.hosts()[1]).toMatchObject({ ok: false, halted: "stopped" });
  });
});
