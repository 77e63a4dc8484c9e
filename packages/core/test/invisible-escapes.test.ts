// Bidi controls (U+202A–U+202E, U+2066–U+2069, the marks) and other invisible format characters in a command's
// line, an error's words or a host's tag would reorder or hide text on the user's terminal: they are dropped there, as
// control characters are, while zero-width joiners and flags' tag characters, which emoji and scripts need, stay.
import { PassThrough } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createPrinter, createStatusPrinter, formatSummary, Host, setPrinter, terminalSafe } from "../src/index.ts";

beforeEach(() => void vi.stubEnv("FORCE_COLOR", "0"));
afterEach(() => {
  setPrinter(undefined);
  vi.unstubAllEnvs();
});

// Right-to-left override, its pop, an isolate and its pop, a right-to-left mark, a zero-width space, a byte order mark.
const HIDDEN = ["\u202e", "\u202c", "\u2067", "\u2069", "\u200f", "\u200b", "\ufeff"];
// printf's octal bytes of U+202E (RLO) and U+2066 (LRI): a remote line that turns what follows around.
const TURNING = "printf 'ok \\342\\200\\256deliated\\342\\201\\246 x\\n'";
// A tag with an override in it (a commandPrefix may hold any character but a control one).
const host = () => new Host("localhost", { commandPrefix: "web\u202e1" });

// A stream that says it is a terminal, keeping what was written to it.
function terminal(): PassThrough & { isTTY: boolean; columns: number; rows: number; text: () => string } {
  const chunks: string[] = [];
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 80, rows: 20, text: () => chunks.join("") });
  stream.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
  return stream;
}

describe("invisible format characters", () => {
  it("terminalSafe drops them, each line's colour kept", () => {
    for (const hidden of HIDDEN)
      expect(terminalSafe(`a${hidden}b\n\x1b[31mc${hidden}\x1b[0m`)).toBe("ab\n\x1b[31mc\x1b[0m\x1b[0m");
    expect(terminalSafe("x\u{e0041}\u{e0042}y\u2066z\u2060w\ufff9v")).toBe("xyzwv");
  });

  it("terminalSafe keeps what emoji and scripts need: joiners, a flag's tag characters, marks", () => {
    const kept = [
      "👩\u200d👩\u200d👧",
      "\u{1f3f4}\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}",
      "می\u200cخواهم",
      "e\u0301",
      "\u00ad",
    ];
    for (const text of kept) expect(terminalSafe(text)).toBe(text);
  });

  it("the tagged printer drops them from a command's line on a terminal, and from the tag", async () => {
    const [out, err] = [terminal(), terminal()];
    setPrinter(createPrinter(out, err));
    await host().runLocal(`${TURNING}; ${TURNING} >&2`, { echo: false });
    expect(out.text()).toBe("[web1] ok deliated x\n");
    expect(err.text()).toBe("[web1] ok deliated x\n");
  });

  it("the tagged printer leaves a pipe's bytes alone, but not its own tag", async () => {
    const [out, err] = [new PassThrough(), new PassThrough()];
    const chunks: string[] = [];
    out.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
    setPrinter(createPrinter(out, err));
    await host().runLocal(TURNING, { echo: false });
    expect(chunks.join("")).toBe("[web1] ok \u202edeliated\u2066 x\n");
  });

  it("the live view drops them from its lines and its tags", async () => {
    const out = terminal();
    const view = createStatusPrinter(out, out, { output: "stream", intervalMs: 10 });
    setPrinter(view);
    await host().runLocal(TURNING, { echo: false });
    await sleep(30);
    view.stop();
    expect(out.text()).toContain("[web1] ok deliated x\n");
    expect(out.text()).not.toMatch(/[\u202e\u2066]/);
  });

  it("the summary table drops them from host names, reasons and last lines", () => {
    const table = formatSummary([
      { host: "web\u202e1", ok: false, durationMs: 100, reason: "no \u2067disk", tail: ["gone\u200f"] },
    ]);
    expect(table).not.toMatch(/[\u202e\u2067\u200f]/);
    expect(table).toContain("web1  failed      0.1s  no disk\n");
    expect(table).toContain("last lines of web1:\n  gone\n");
  });
});
