// An interactive command (`stdin: "inherit"`) writes to the terminal itself: the live view must not draw over it.
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createStatusPrinter } from "../src/status/status-printer.ts";
import { FakeTerminal } from "./helpers/fake-terminal.ts";

describe("the live view and a command that holds the terminal", () => {
  it("shows what waited, draws nothing while the command runs, and carries on below its screen", async () => {
    const term = new FakeTerminal(60, 20);
    // The command's own writes reach the terminal directly, past the view.
    const direct = term.write.bind(term);
    const view = createStatusPrinter(term as unknown as NodeJS.WriteStream, undefined, {
      intervalMs: 10,
      output: "stream",
    });
    view.line("localhost", "$ read -p 'name? ' n", "stdout");
    const giveBack = view.yieldTerminal!("localhost");
    view.start("localhost", "read -p 'name? ' n");
    direct("name? ");
    // Many frames' worth of time, with a host running: a frame would erase the prompt.
    await sleep(150);
    expect(term.screen).toEqual(["[localhost] $ read -p 'name? ' n", "name?"]);
    direct("bob\nhi bob\n");
    giveBack();
    giveBack();
    view.end("localhost", { command: "read", exitCode: 0, durationMs: 5 });
    view.line("localhost", "$ echo after", "stdout");
    await sleep(50);
    view.stop();
    expect(term.screen.slice(0, 4)).toEqual([
      "[localhost] $ read -p 'name? ' n",
      "name? bob",
      "hi bob",
      "[localhost] $ echo after",
    ]);
  });
});
