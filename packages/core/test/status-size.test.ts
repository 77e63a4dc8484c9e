// The live view on a terminal whose size is odd: a terminal that reports no size (a pseudo-terminal nobody sized,
// as `script` or a container's tty starts with, says 0 columns and 0 rows).
import { describe, expect, it } from "vitest";
import { createStatusPrinter } from "../src/status/status-printer.ts";
import { FakeTerminal } from "./helpers/fake-terminal.ts";

const end = (exitCode: number, error?: string) => ({ command: "deploy", exitCode, durationMs: 10, error });

describe("the live view's terminal size", () => {
  it("a terminal of 0 columns and 0 rows (size unknown) is drawn for as 80 by 24, not cut to nothing", () => {
    const term = new FakeTerminal(0, 0);
    const view = createStatusPrinter(term as unknown as NodeJS.WriteStream, undefined, { intervalMs: 10 });
    view.plan(["web1", "web2"]);
    for (const tag of ["web1", "web2"]) view.start(tag, "deploy");
    view.end("web1", end(0));
    view.end("web2", end(3, "`deploy` failed with exit code 3"));
    view.stop();
    expect(term.screen).toEqual([
      expect.stringMatching(/^✔ \[web1\]\s+\d+\.\ds {2}ok$/),
      expect.stringMatching(/^✖ \[web2\]\s+\d+\.\ds {2}failed with exit code 3$/),
    ]);
  });
});
