// A host whose turn came (a `concurrency` slot) runs from then on: connecting, or in its function before its first
// command, it shows a spinner, its time and what it is about to run; only a host still without a slot waits.
import { waitUntil } from "@deploykit/sandbox";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Group, Host, setPrinter } from "../src/index.ts";
import { createStatusPrinter } from "../src/status/status-printer.ts";
import { FakeTerminal } from "./helpers/fake-terminal.ts";

afterEach(() => {
  setPrinter(undefined);
  vi.unstubAllEnvs();
});

const SPIN = "[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]";
const running = (tag: string, text: string) =>
  expect.stringMatching(new RegExp(`^${SPIN} \\[${tag}\\]\\s+\\d+\\.\\ds {2}${text}$`));
const waiting = (tag: string) => expect.stringMatching(new RegExp(`^· \\[${tag}\\]\\s+waiting$`));

describe("a host whose turn came, before its first command starts", () => {
  it("runs (spinner and time) while its function works, and the next host waits for its slot", async () => {
    vi.stubEnv("FORCE_COLOR", "0");
    const term = new FakeTerminal(60, 20);
    const view = createStatusPrinter(term as unknown as NodeJS.WriteStream, undefined, { intervalMs: 10 });
    setPrinter(view);
    let go = () => {};
    const gate = new Promise<void>((resolve) => (go = resolve));
    const group = new Group([new Host("web1"), new Host("web2")]);
    const call = group.runFunction(() => gate, { concurrency: 1 });
    await waitUntil(() => term.screen.length === 2, "the first frame");
    await waitUntil(() => /\ds {2}/.test(term.screen[0]!), "web1's time running");
    expect(term.screen).toEqual([running("web1", "running"), waiting("web2")]);
    go();
    await call;
    view.stop();
    expect(term.screen).toEqual([
      expect.stringMatching(/^✔ \[web1\]\s+\d+\.\ds {2}ok$/),
      expect.stringMatching(/^✔ \[web2\]\s+\d+\.\ds {2}ok$/),
    ]);
  });

  it("shows the command it is about to run (its echo) while it connects", async () => {
    for (const output of ["stream", "compact", "block"] as const) {
      const term = new FakeTerminal(60, 20);
      const view = createStatusPrinter(term as unknown as NodeJS.WriteStream, undefined, { intervalMs: 10, output });
      view.plan(["web1", "web2"]);
      view.begin?.("web1");
      view.line("web1", "$ apt-get upgrade", "stdout");
      view.line("web1", ">   -y", "stdout");
      const shown = () => term.screen.some((line) => !line.startsWith("[") && line.includes("apt-get"));
      await waitUntil(shown, `the echo shown in web1's row (${output})`);
      expect(term.screen.slice(output === "stream" ? -1 : -2), output).toEqual([
        running("web1", "\\$ apt-get upgrade"),
        ...(output === "stream" ? [] : [waiting("web2")]),
      ]);
      view.stop();
    }
  });
});
