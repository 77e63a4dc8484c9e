// A host cut short (Ctrl-C) while a command runs: that command has no exit code yet, whatever the one before had.
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
});
