import { PassThrough } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createPrinter,
  createRecorder,
  createStatusPrinter,
  run,
  setPrinter,
  summaryTable,
  terminalSafe,
} from "../src/index.ts";

// Tags without colour: what is left of escapes in a line is the command's.
beforeEach(() => void vi.stubEnv("FORCE_COLOR", "0"));
afterEach(() => {
  setPrinter(undefined);
  vi.unstubAllEnvs();
});

// A remote's line that sets the terminal's title, moves the cursor up over earlier lines and back over the tag, and
// leaves a red background on.
const NASTY = "printf 'a\\033]0;owned\\007b\\033[2A\\033[2Jc\\b\\b\\033[41mred\\n'";

// A stream that says it is a terminal, keeping what was written to it.
function terminal(): PassThrough & { isTTY: boolean; text: () => string } {
  const chunks: string[] = [];
  const stream = Object.assign(new PassThrough(), { isTTY: true, text: () => chunks.join("") });
  stream.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
  return stream;
}

describe("a command's escape sequences on the user's terminal", () => {
  it("the tagged printer keeps only colour, and ends it with the line", async () => {
    const [out, err] = [terminal(), terminal()];
    setPrinter(createPrinter(out, err));
    await run(`${NASTY}; ${NASTY} >&2`, { echo: false });
    expect(out.text()).toBe("[localhost] abc\x1b[41mred\x1b[0m\n");
    expect(err.text()).toBe("[localhost] abc\x1b[41mred\x1b[0m\n");
  });

  it("the tagged printer leaves a file's or a pipe's bytes alone", async () => {
    const [out, err] = [new PassThrough(), new PassThrough()];
    const chunks: string[] = [];
    out.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
    setPrinter(createPrinter(out, err));
    await run(NASTY, { echo: false });
    expect(chunks.join("")).toBe("[localhost] a\x1b]0;owned\x07b\x1b[2A\x1b[2Jc\b\b\x1b[41mred\n");
  });

  it("the live view's scrolling lines end their colour too, before the block is drawn under them", async () => {
    const out = Object.assign(terminal(), { columns: 80, rows: 20 });
    const view = createStatusPrinter(out, out, { output: "stream", intervalMs: 10 });
    setPrinter(view);
    await run(NASTY, { echo: false });
    await sleep(30);
    view.stop();
    expect(out.text()).toContain("[localhost] abc\x1b[41mred\x1b[0m\n");
  });

  it("the summary after a run shows a failed host's last lines and reason with their colour alone, ended", async () => {
    const recorder = createRecorder(createPrinter(new PassThrough(), new PassThrough()));
    setPrinter(recorder);
    await run(`${NASTY} >&2; exit 3`, { echo: false }).catch(() => {});
    const table = summaryTable(recorder.hosts()).split("\n");
    expect(table[2]!.endsWith(" failed with exit code 3: abc\x1b[41mred\x1b[0m"), table[2]).toBe(true);
    expect(table.slice(-3)).toEqual(["last lines of localhost:", "  abc\x1b[41mred\x1b[0m", ""]);
  });

  it("a notice naming a command with escapes ([Command failed]) keeps only colour, in both printers", async () => {
    const command = "exit 1 # \x1b]0;owned\x07\x1b[2J\x1b[41mred";
    const err = terminal();
    setPrinter(createPrinter(new PassThrough(), err));
    await run(command, { echo: false, check: false });
    expect(err.text()).toBe("[localhost] [Command failed: 1] exit 1 # \x1b[41mred\x1b[0m\n");
    const out = Object.assign(terminal(), { columns: 80, rows: 20 });
    const view = createStatusPrinter(out, out, { output: "stream", intervalMs: 10 });
    setPrinter(view);
    await run(command, { echo: false, check: false });
    view.stop();
    expect(out.text()).toContain("[localhost] [Command failed: 1] exit 1 # \x1b[41mred\x1b[0m\n");
    expect(out.text()).not.toContain("owned");
  });

  it("terminalSafe (for dk's failure report) does so line by line: each line's colour ended, lines kept", () => {
    const message = "a\x1b]0;owned\x07b\x1b[2A\n\x1b[41mred\x1b[2J\r\n\tplain\x08";
    expect(terminalSafe(message)).toBe("ab\n\x1b[41mred\x1b[0m\n\tplain");
  });

  it("drops a whole control sequence whatever its parameters: colon colours and private modes leave no text", () => {
    // A 256-colour and an undercurl in the colon form, a key mode (`>`), a kitty keyboard query (`=`): no colour kept.
    const line = "\x1b[38:5:196mred\x1b[0m \x1b[4:3mcurly\x1b[0m \x1b[>4;2mkeys \x1b[=5uX \x1b[<0;1;1M";
    expect(terminalSafe(line)).toBe("red\x1b[0m curly\x1b[0m keys X \x1b[0m");
  });

  it("drops the other escapes whole, no stray letters left: tput sgr0's charset, cursor saves, resets", async () => {
    // `tput sgr0` for xterm writes ESC ( B before its reset; ESC 7 / ESC 8 save and restore the cursor, ESC = / ESC >
    // set the keypad, ESC c resets the terminal, ESC # 8 fills the screen with E, ESC P … ST and ESC _ … ST carry data.
    const out = terminal();
    setPrinter(createPrinter(out, new PassThrough()));
    const escapes = "\\033(Bsgr0 \\0337save\\0338 \\033=\\033>keypad \\033creset \\033#8fill \\033Pq#0~\\033\\\\dcs";
    await run(`printf '${escapes} \\033_Gf=24;AAAA\\033\\\\apc\\n'`, { echo: false });
    expect(out.text()).toBe("[localhost] sgr0 save keypad reset fill dcs apc\n");
  });
});
