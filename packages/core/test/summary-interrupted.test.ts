// A host cut short (Ctrl-C) while a command runs, or its group call's function: that command has no exit code yet,
// whatever the one before had, and the host is not ok.
import { describe, expect, it } from "vitest";
import { createRecorder } from "../src/status/recorder.ts";
import { summaryTable } from "../src/status/summary.ts";

const quiet = { line: () => undefined, notice: () => {} };

describe("a host interrupted during a command", () => {
  it("has no exit code in its record nor in the table, not the code of the command before", () => {
    const recorder = createRecorder(quiet);
    recorder.start("web1", "true", "web1");
    recorder.end("web1", { command: "true", exitCode: 0, durationMs: 5 });
    recorder.start("web1", "sleep 60", "web1");
    const [web1] = recorder.hosts();
    expect(web1).toMatchObject({ host: "web1", ok: false, exitCode: null, error: "interrupted" });
    const row = summaryTable(recorder.hosts()).split("\n")[2];
    expect(row).toMatch(/^web1 {2}failed {5}- +\d+\.\ds {2}interrupted$/);
  });

  it("is interrupted, not ok nor 'not started', when its group call's function was under way, between commands", () => {
    const recorder = createRecorder(quiet);
    recorder.plan(["web1", "web2", "web3"]);
    for (const tag of ["web1", "web2"]) recorder.begin(tag);
    // web1's function ran a command and waits (for a reboot, say); web2's has run none yet; web3 never got its turn.
    recorder.start("web1", "true", "web1");
    recorder.end("web1", { command: "true", exitCode: 0, durationMs: 5 });
    expect(recorder.hosts().map(({ host, ok, exitCode, error }) => ({ host, ok, exitCode, error }))).toEqual([
      { host: "web1", ok: false, exitCode: 0, error: "interrupted" },
      { host: "web2", ok: false, exitCode: null, error: "interrupted" },
      { host: "web3", ok: false, exitCode: null, error: "not started" },
    ]);
    recorder.settled("web1");
    recorder.settled("web2", "no such release");
    expect(recorder.hosts().map(({ ok, error }) => [ok, error])).toEqual([
      [true, null],
      [false, "no such release"],
      [false, "not started"],
    ]);
  });
});
