// The live view hides the cursor while it draws; an interactive command (`stdin: "inherit"`) that holds the terminal
// needs it seen: a prompt, an editor.
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createStatusPrinter } from "../src/status/status-printer.ts";
import { FakeTerminal } from "./helpers/fake-terminal.ts";

function view(term: FakeTerminal) {
  return createStatusPrinter(term as unknown as NodeJS.WriteStream, undefined, { intervalMs: 10, output: "stream" });
}
const end = { command: "read", exitCode: 0, durationMs: 5 };

describe("the cursor while a command holds the terminal", () => {
  it("is shown while it holds it, hidden again when the view draws once more, shown at the end", async () => {
    const term = new FakeTerminal(60, 20);
    const v = view(term);
    v.line("web1", "$ read -p 'name? ' n");
    await sleep(30);
    expect(term.cursorVisible).toBe(false);
    const giveBack = v.yieldTerminal!("web1");
    v.start("web1", "read -p 'name? ' n", "web1");
    expect(term.cursorVisible).toBe(true);
    await sleep(50);
    expect(term.cursorVisible).toBe(true);
    giveBack();
    v.end("web1", end);
    await sleep(30);
    expect(term.cursorVisible).toBe(false);
    v.stop();
    expect(term.cursorVisible).toBe(true);
  });

  it("is shown when the view takes the terminal only while a command holds it", async () => {
    const term = new FakeTerminal(60, 20);
    const v = view(term);
    const giveBack = v.yieldTerminal!("web1");
    v.start("web1", "vi notes", "web1");
    await sleep(30);
    expect(term.cursorVisible).toBe(true);
    giveBack();
    v.end("web1", end);
    v.stop();
    expect(term.cursorVisible).toBe(true);
  });

  it("is left shown by a command that holds the terminal after the view stopped", async () => {
    const term = new FakeTerminal(60, 20);
    const v = view(term);
    v.line("web1", "$ deploy");
    await sleep(30);
    v.stop();
    const giveBack = v.yieldTerminal!("web1");
    giveBack();
    expect(term.cursorVisible).toBe(true);
  });
});
