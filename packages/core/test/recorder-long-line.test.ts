// A line past LINE_LIMIT comes to printers in pieces; what the recorder keeps of a host (the summary's last lines,
// --json's output) holds it as the one line it is, not as a line per piece that pushes the lines before it out.
import { afterEach, describe, expect, it } from "vitest";
import { CommandError, run } from "../src/index.ts";
import { setPrinter } from "../src/output/printer.ts";
import { MAX_LINE } from "../src/status/line-ring.ts";
import { createRecorder } from "../src/status/recorder.ts";
import { createStatusPrinter } from "../src/status/status-printer.ts";
import { summaryTable } from "../src/status/summary.ts";
import { FakeTerminal } from "./helpers/fake-terminal.ts";

const quiet = { line: () => undefined, notice: () => {} };
afterEach(() => void setPrinter(undefined));

// A line of 600 KB on stderr (ten pieces) between two short ones, from a command that fails.
const COMMAND = "echo starting; head -c 600000 /dev/zero | tr '\\0' x >&2; echo >&2; echo 'E: gave up' >&2; exit 3";

describe("a long line in what the recorder keeps", () => {
  it("is one line of the host's last lines, after the lines before it", async () => {
    const recorder = createRecorder(quiet);
    setPrinter(recorder);
    const result = await run(COMMAND, { check: false, echo: false, timeout: 60_000 });
    expect(result.exitCode).toBe(3);
    const [host] = recorder.hosts();
    const long = `${"x".repeat(MAX_LINE)}…`;
    // The notice of the failure (check: false) comes last, as stderr.
    const notice = expect.stringMatching(/^\[Command failed: 3\] echo starting;/);
    expect(host!.tail).toEqual(["starting", long, "E: gave up", notice]);
    expect(host!.output.stderr).toEqual([long, "E: gave up", notice]);
    expect(summaryTable(recorder.hosts())).not.toContain("… x");
  });

  it("is one line of a failed host's tail in the live view's final state", async () => {
    const term = new FakeTerminal(60, 20);
    const view = createStatusPrinter(term as unknown as NodeJS.WriteStream, undefined, { tail: 3 });
    setPrinter(view);
    await expect(run(COMMAND, { echo: false, timeout: 60_000 })).rejects.toThrow("exit code 3");
    view.stop();
    const tail = term.screen.filter((line) => line.includes("│"));
    expect(tail.map((line) => line.replace(/x+…$/, "x…"))).toEqual(["    │ x…", "    │ E: gave up"]);
  });

  it("is one line of a failed command's error, after the lines before it", async () => {
    setPrinter(quiet);
    const error = await run(COMMAND, { echo: false, timeout: 60_000 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CommandError);
    const { tail, message } = error as CommandError;
    expect(tail).toHaveLength(3);
    expect(tail[0]).toBe("starting");
    expect(tail.slice(2)).toEqual(["E: gave up"]);
    expect(message).toContain("E: gave up");
  });
});
