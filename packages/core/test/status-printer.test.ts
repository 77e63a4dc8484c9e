import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createStatusPrinter } from "../src/status/status-printer.ts";
import { FakeTerminal } from "./helpers/fake-terminal.ts";

const end = (exitCode: number, error?: string) => ({ command: "x", exitCode, durationMs: 10, error });

describe("createStatusPrinter on a terminal", () => {
  it("draws one line per host in place, prints other writes above it, and leaves a final state", async () => {
    const term = new FakeTerminal(60, 20);
    const ownWrite = term.write;
    const view = createStatusPrinter(term as unknown as NodeJS.WriteStream, undefined, { intervalMs: 10 });
    view.line("web1", "$ deploy", "stdout");
    expect(term.screen).toEqual([]);
    for (const tag of ["web1", "web2", "db"]) view.start(tag, "deploy --all");
    view.line("web1", "copying files", "stdout");
    view.line("web2", `a long line ${"x".repeat(80)}`, "stdout");
    await sleep(50);
    expect(term.cursorVisible).toBe(false);
    expect(term.screen).toHaveLength(3);
    expect(term.screen[0]).toMatch(/^. \[web1\]\s+\d+\.\ds {2}copying files$/);
    expect(term.screen[1]).toMatch(/^. \[web2\]\s+\d+\.\ds {2}a long line x+…$/);
    expect(term.screen[1]!.length).toBe(59);
    expect(term.screen[2]).toMatch(/^. \[db\] {3}\s+\d+\.\ds {2}\$ deploy --all$/);

    term.write("a line from the task itself\n");
    await sleep(30);
    expect(term.screen[0]).toBe("a line from the task itself");
    expect(term.screen.slice(1).map((line) => line.slice(2, 8))).toEqual(["[web1]", "[web2]", "[db]  "]);

    view.end("web1", end(0));
    view.line("web2", "disk full", "stderr");
    view.end("web2", end(1, "`deploy --all` failed with exit code 1: disk full"));
    view.notice("web2", "[Command failed: 1] cleanup");
    await sleep(50);
    expect(term.screen[0]).toBe("a line from the task itself");
    expect(term.screen[1]).toBe("[web2] [Command failed: 1] cleanup");
    view.stop();
    expect(term.screen.slice(2)).toEqual([
      expect.stringMatching(/^✔ \[web1\]\s+\d+\.\ds {2}ok$/),
      expect.stringMatching(/^✖ \[web2\]\s+\d+\.\ds {2}failed with exit code 1: disk full$/),
      "    │ disk full",
      "    │ [Command failed: 1] cleanup",
      expect.stringMatching(/^■ \[db\] {3}\s+\d+\.\ds {2}stopped: \$ deploy --all$/),
    ]);
    expect(term.cursorVisible).toBe(true);
    expect(term.write).toBe(ownWrite);
  });

  it("keeps the block within the terminal's height with many hosts", async () => {
    const term = new FakeTerminal(60, 8);
    const view = createStatusPrinter(term as unknown as NodeJS.WriteStream, undefined, { intervalMs: 10 });
    view.plan(Array.from({ length: 100 }, (_, i) => `h${i}`));
    for (let i = 0; i < 12; i++) view.start(`h${i}`, "sleep 9");
    for (let i = 0; i < 4; i++) view.end(`h${i}`, end(0));
    await sleep(40);
    expect(term.screen[0]).toBe("100 hosts: 8 running · 4 ok · 0 failed · 88 waiting");
    expect(term.screen).toHaveLength(7);
    expect(term.screen.slice(1, 6).map((line) => line.slice(2, 6))).toEqual(["[h4]", "[h5]", "[h6]", "[h7]", "[h8]"]);
    expect(term.screen.at(-1)).toBe("  … 3 more running");
    view.stop();
    // After the view stops, nothing waits: those hosts never started.
    expect(term.screen[0]).toBe("100 hosts: 0 running · 4 ok · 0 failed · 88 not started · …");
  });

  it("ends a group call's host as its function did, not as its last command did", () => {
    const term = new FakeTerminal(60, 8);
    const view = createStatusPrinter(term as unknown as NodeJS.WriteStream, undefined, { intervalMs: 10 });
    view.plan?.(["web1", "web2", "web3", "web4"]);
    for (const tag of ["web1", "web2", "web3", "web4"]) view.begin?.(tag);
    // web1's function fails after its command succeeded; web2's recovers from a failed one; web3's and web4's run no
    // command, and fail or succeed.
    view.start("web1", "true");
    view.end("web1", end(0));
    view.settled?.("web1", "checksum mismatch");
    view.start("web2", "false");
    view.end("web2", end(1, "`false` failed with exit code 1"));
    view.settled?.("web2");
    view.settled?.("web3", "no such release");
    view.settled?.("web4");
    view.stop();
    expect(term.screen).toEqual([
      expect.stringMatching(/^✖ \[web1\]\s+\d+\.\ds {2}failed: checksum mismatch$/),
      expect.stringMatching(/^✔ \[web2\]\s+\d+\.\ds {2}ok \(exit 1\)$/),
      // web3's and web4's functions ran, if no command: their time counts from their turn.
      expect.stringMatching(/^✖ \[web3\]\s+\d+\.\ds {2}failed: no such release$/),
      expect.stringMatching(/^✔ \[web4\]\s+\d+\.\ds {2}ok$/),
    ]);
  });

  it("leaves the terminal alone when no host ever runs", async () => {
    const term = new FakeTerminal(60, 8);
    const view = createStatusPrinter(term as unknown as NodeJS.WriteStream);
    view.line("localhost", "$ echo hi (dry run)", "stdout");
    await sleep(20);
    view.stop();
    expect(term.lines).toEqual([""]);
  });
});
