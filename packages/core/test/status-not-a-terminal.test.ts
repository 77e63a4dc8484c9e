// A live view made for a stream that cannot redraw (a pipe or a file, as in CI; a terminal with TERM=dumb) prints
// tagged lines as the plain printer does: cursor movement there would fill a log with escapes and copies of the block.
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createStatusPrinter, run, setPrinter } from "../src/index.ts";

afterEach(() => {
  setPrinter(undefined);
  vi.unstubAllEnvs();
});

// A stream keeping what was written to it, a terminal or not.
function stream(isTTY: boolean): PassThrough & { isTTY: boolean; columns: number; rows: number; text: () => string } {
  const chunks: string[] = [];
  const out = Object.assign(new PassThrough(), { isTTY, columns: 80, rows: 20, text: () => chunks.join("") });
  out.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
  return out;
}

const ESC = "\u001b";
const COMMAND = "echo one; sleep 0.3; echo two >&2; exit 3";

describe("a live view on a stream that cannot redraw", () => {
  it.each(["stream", "block", "compact"] as const)(
    "with output %s on a pipe, prints each line tagged, and no escape",
    async (output) => {
      vi.stubEnv("FORCE_COLOR", "0");
      const [out, err] = [stream(false), stream(false)];
      const view = createStatusPrinter(out, err, { output, intervalMs: 10 });
      setPrinter(view);
      await run(COMMAND, { check: false });
      view.stop();
      expect(out.text()).toBe(`[localhost] $ ${COMMAND}\n[localhost] one\n`);
      expect(err.text()).toBe("[localhost] two\n[localhost] [Command failed: 3] " + `${COMMAND}\n`);
    },
  );

  it("with TERM=dumb on a terminal, or colour forced on a pipe, moves no cursor: colour alone", async () => {
    for (const [isTTY, env] of [
      [true, { TERM: "dumb", FORCE_COLOR: "1" }],
      [false, { TERM: "xterm-256color", FORCE_COLOR: "3" }],
    ] as const) {
      for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
      const out = stream(isTTY);
      const view = createStatusPrinter(out, out, { output: "stream", intervalMs: 10 });
      setPrinter(view);
      await run(COMMAND, { check: false });
      view.stop();
      const escapes = out.text().match(new RegExp(`${ESC}\\[[^m]*?[A-Za-z]`, "g")) ?? [];
      expect(escapes.filter((escape) => !escape.endsWith("m"))).toEqual([]);
      expect(out.text().replace(new RegExp(`${ESC}\\[[0-9;]*m`, "g"), "")).toContain("[localhost] one\n");
    }
  });
});
