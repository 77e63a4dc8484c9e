// While an interactive command holds the terminal the live view draws nothing, and other hosts' lines wait for it: past
// a bound they wait in the commands (paused), not in memory.
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createStatusPrinter } from "../src/status/status-printer.ts";
import { FakeTerminal } from "./helpers/fake-terminal.ts";

describe("other hosts' output while a command holds the terminal", () => {
  it("pauses them past a bound, and lets them on once the terminal is given back", async () => {
    // A terminal that keeps what it is sent: a flood is too much for FakeTerminal to lay out.
    const term = new FakeTerminal(80, 20);
    const written: string[] = [];
    term.write = (text: string) => (written.push(text), true);
    const view = createStatusPrinter(term as unknown as NodeJS.WriteStream, undefined, {
      intervalMs: 10,
      output: "stream",
    });
    view.start("web2", "flood", "web2");
    const giveBack = view.yieldTerminal!("web1");
    let wait: Promise<void> | undefined;
    let taken = 0;
    // A flood's lines, as long as the view takes them without asking to wait (bounded, should it never ask).
    for (; wait === undefined && taken < 100_000; taken++) wait = view.line("web2", `line ${taken} ${"x".repeat(100)}`);
    expect(wait).toBeDefined();
    // About a MiB: held in memory, not the whole flood.
    expect(taken).toBeLessThan(20_000);
    let settled = false;
    void wait!.then(() => (settled = true));
    await sleep(100);
    expect(settled).toBe(false);
    expect(written.join("")).not.toContain("line 0 ");
    giveBack();
    await wait;
    await sleep(50);
    view.stop();
    const shown = written.join("").match(/ line \d+ x/g) ?? [];
    expect(shown).toHaveLength(taken);
  });
});
