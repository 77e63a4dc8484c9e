// A progress bar that `\r` redraws on one line (curl, rsync --progress, pip) can run to thousands of characters before
// its newline. Kept for later (the summary's last lines, the compact view's failed output, an error's last lines), such
// a line is cut to a bound: what is kept of it must be what a terminal showed, its last state, not its first.
import { readFileSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { Tail } from "../src/output/tail.ts";
import { createRecorder } from "../src/status/recorder.ts";
import { createStatusPrinter } from "../src/status/status-printer.ts";
import { summaryTable } from "../src/status/summary.ts";
import { FakeTerminal } from "./helpers/fake-terminal.ts";

// 300 states of a bar, about 5,000 characters, ending in the failure the user needs to see.
const STATES = Array.from({ length: 300 }, (_, i) => `\r${String(i % 100).padStart(3)}% ${"#".repeat(i % 10)}`);
const BAR = `${STATES.join("")}\rerror: connection reset at 57%`;
const failed = { command: "fetch", exitCode: 1, durationMs: 10, error: "`fetch` failed with exit code 1" };
const silent = { line: () => undefined, notice: () => {} };

describe("a long line redrawn with \\r, kept in bounded memory", () => {
  it("the summary's last lines show its last state", () => {
    const recorder = createRecorder(silent);
    recorder.start("web1", "fetch", "web1");
    recorder.line("web1", BAR, "stderr");
    recorder.end("web1", failed);
    const [web1] = recorder.hosts();
    expect(web1!.output.stderr).toEqual(["error: connection reset at 57%"]);
    expect(summaryTable(recorder.hosts())).toContain("\nlast lines of web1:\n  error: connection reset at 57%\n");
  });

  it("the compact view's failed output shows its last state", () => {
    const term = new FakeTerminal(120, 20);
    const view = createStatusPrinter(term as unknown as NodeJS.WriteStream, undefined, { output: "compact" });
    view.start("web1", "fetch", "web1");
    view.line("web1", BAR, "stderr");
    view.line("web1", "done", "stdout");
    view.end("web1", failed);
    view.stop();
    expect(term.screen.slice(-2)).toEqual(["[web1] error: connection reset at 57%", "[web1] done"]);
    // The log has the line as it came.
    const header = term.screen.find((text) => text.includes("failed (exit code"))!;
    const log = /all of them are in (\S+):$/.exec(header)![1]!;
    expect(readFileSync(log, "utf8")).toBe(`${BAR}\ndone\n`);
    rmSync(dirname(log), { recursive: true });
  });

  it("an error's last lines show its last state", () => {
    const tail = new Tail(2);
    tail.push(BAR);
    expect(tail.lines).toEqual(["error: connection reset at 57%"]);
  });
});
