// A group call's host runs as long as its function does: between its commands (waiting for a reboot, polling a health
// check) it is running, not ok; cut short there or before its first command (Ctrl-C), it was stopped, not 'ok' nor
// 'not started'.
import { waitUntil } from "@deploykit/sandbox";
import { describe, expect, it } from "vitest";
import { createStatusPrinter } from "../src/status/status-printer.ts";
import { FakeTerminal } from "./helpers/fake-terminal.ts";

const row = (mark: string, tag: string, text: string) =>
  expect.stringMatching(new RegExp(`^${mark} \\[${tag}\\]\\s+\\d+\\.\\ds {2}${text}$`));

describe("a group call's host in the live view", () => {
  it("runs while its function does, between commands too, and was stopped if cut short there", async () => {
    const term = new FakeTerminal(60, 20);
    const view = createStatusPrinter(term as unknown as NodeJS.WriteStream, undefined, { intervalMs: 10 });
    view.plan(["web1", "web2", "web3"]);
    for (const tag of ["web1", "web2"]) view.begin?.(tag);
    // web1's function ran a command and now waits; web2's has run none yet, but runs; web3 waits for its turn.
    view.start("web1", "reboot", "web1");
    view.end("web1", { command: "reboot", exitCode: 0, durationMs: 5 });
    const frame = [
      row(".", "web1", "running"),
      row(".", "web2", "running"),
      expect.stringMatching(/^· \[web3\]\s+waiting$/),
    ];
    await waitUntil(() => term.screen.length === 3, "the first frame, drawn after the command");
    expect(term.screen).toEqual(frame);
    view.stop();
    expect(term.screen).toEqual([
      row("■", "web1", "stopped"),
      row("■", "web2", "stopped"),
      expect.stringMatching(/^· \[web3\]\s+not started$/),
    ]);
  });
});
