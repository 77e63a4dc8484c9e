// The compact view keeps a failed command's lines in memory up to a length, and past it writes them to a log file: a
// line at that length exactly is still shown whole, or in the log whole.
import { readFileSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { Host } from "../src/host.ts";
import { setPrinter } from "../src/output/printer.ts";
import { LINE_LIMIT } from "../src/output/split-lines.ts";
import { createRecorder } from "../src/status/recorder.ts";
import { createStatusPrinter } from "../src/status/status-printer.ts";
import { FakeTerminal } from "./helpers/fake-terminal.ts";

const failed = { command: "deploy", exitCode: 1, durationMs: 10, error: "`deploy` failed with exit code 1" };

function compact(failedLines: number) {
  const term = new FakeTerminal(120, 20);
  const view = createStatusPrinter(term as unknown as NodeJS.WriteStream, undefined, {
    output: "compact",
    failedLines,
  });
  return { term, view };
}

describe("a failed command's long lines in the compact view", () => {
  for (const length of [999, 1000, 1001]) {
    it(`shows a line of ${length} characters whole, or says where it is whole`, () => {
      const line = `${"x".repeat(length - 3)}end`;
      const { term, view } = compact(200);
      view.start("web1", "deploy", "web1");
      view.line("web1", line);
      view.end("web1", failed);
      view.stop();
      const header = term.screen.find((text) => text.includes("failed (exit code"))!;
      const log = /all of them are in (\S+):$/.exec(header)?.[1];
      if (log === undefined) expect(term.screen.at(-1)).toBe(`[web1] ${line}`);
      else {
        expect(readFileSync(log, "utf8")).toBe(`${line}\n`);
        rmSync(dirname(log), { recursive: true });
      }
    });
  }

  it("starts the log, once lines are past `failedLines`, with the earlier lines whole", () => {
    const line = `${"x".repeat(997)}end`;
    const { term, view } = compact(2);
    view.start("web1", "deploy", "web1");
    for (const text of [line, "two", "three"]) view.line("web1", text);
    view.end("web1", failed);
    view.stop();
    const header = term.screen.find((text) => text.includes("failed (exit code"))!;
    const log = /all of them are in (\S+):$/.exec(header)![1]!;
    expect(readFileSync(log, "utf8")).toBe(`${line}\ntwo\nthree\n`);
    rmSync(dirname(log), { recursive: true });
  });

  it("keeps a line past LINE_LIMIT bytes, which comes in pieces, one line in the log", async () => {
    const long = 3 * LINE_LIMIT + 100;
    const { term, view } = compact(200);
    // Through a recorder, as dk installs the view.
    const previous = setPrinter(createRecorder(view));
    try {
      const command = `head -c ${long} /dev/zero | tr '\\0' x; echo end; echo next; exit 3`;
      await expect(new Host("web1").runLocal(command)).rejects.toThrow(/exit code 3/);
    } finally {
      setPrinter(previous);
    }
    view.stop();
    const header = term.screen.find((text) => text.includes("failed (exit code"))!;
    expect(header).toContain("; its output; all of them are in ");
    const log = /all of them are in (\S+):$/.exec(header)![1]!;
    expect(readFileSync(log, "utf8")).toBe(`${"x".repeat(long)}end\nnext\n`);
    rmSync(dirname(log), { recursive: true });
    // On the terminal, the long line's start, cut, then the next line.
    expect(term.screen.slice(-2)).toEqual([`[web1] ${"x".repeat(999)}…`, "[web1] next"]);
  });
});
