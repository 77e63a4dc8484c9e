import { spawn } from "node:child_process";
import { once } from "node:events";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { runEach } from "../src/run-each.ts";
import { Host } from "../src/host.ts";
import { createPrinter, setPrinter, type Printer } from "../src/output/printer.ts";
import { run } from "../src/run.ts";
import { configure } from "../src/settings.ts";

afterEach(() => {
  setPrinter(undefined);
  configure({ concurrency: Infinity });
});

function recorder(events: string[]): Printer {
  return {
    line: (tag, text, stream = "stdout") => void events.push(`${tag} ${stream} ${text}`),
    notice: (tag, text) => void events.push(`${tag} notice ${text}`),
    start: (tag, command) => void events.push(`${tag} start ${command}`),
    end: (tag, end) => void events.push(`${tag} end ${end.exitCode} ${end.error ?? "-"}`),
  };
}

describe("an installed printer", () => {
  it("receives the echo, every line, and each command's start and end", async () => {
    const events: string[] = [];
    setPrinter(recorder(events));
    await run("echo out; echo err >&2; exit 3", { check: false });
    await run("exit 4").catch(() => {});
    expect(events.filter((e) => !e.includes(" stderr ") && !e.includes(" stdout out"))).toEqual([
      "localhost stdout $ echo out; echo err >&2; exit 3",
      "localhost start echo out; echo err >&2; exit 3",
      "localhost end 3 -",
      "localhost notice [Command failed: 3] echo out; echo err >&2; exit 3",
      "localhost stdout $ exit 4",
      "localhost start exit 4",
      "localhost end 4 `exit 4` failed with exit code 4",
    ]);
    expect(events).toContain("localhost stdout out");
    expect(events).toContain("localhost stderr err");
  });
});

describe("a printer that asks to wait (a slow pipe)", () => {
  it("gets no further line until its promise settles, and every line in order", async () => {
    const seen: string[] = [];
    let released = false;
    setPrinter({
      ...recorder([]),
      line: (_tag, text) => {
        seen.push(released ? text : `${text} (held)`);
        if (text !== "1") return undefined;
        return new Promise<void>((resolve) => setTimeout(() => ((released = true), resolve()), 300));
      },
    });
    await run("seq 1 200", { echo: false });
    expect(seen).toEqual(["1 (held)", ...Array.from({ length: 199 }, (_, i) => String(i + 2))]);
  });
});

describe("the concurrency setting", () => {
  it("is the default number of hosts in flight", async () => {
    configure({ concurrency: 2 });
    let inFlight = 0;
    let peak = 0;
    await runEach(
      ["a", "b", "c", "d"].map((h) => new Host(h)),
      async () => {
        peak = Math.max(peak, ++inFlight);
        await new Promise((r) => setTimeout(r, 50));
        inFlight--;
      },
    );
    expect(peak).toBe(2);
  });
});

describe("configure", () => {
  it("rejects unknown keys and bad values, naming them, and keeps the settings it had", () => {
    expect(() => configure({ dryrun: true } as never)).toThrow("Unknown setting `dryrun`; known: dryRun, concurrency");
    expect(() => configure({ dryRun: "yes" } as never)).toThrow(
      /^Expected `dryRun` to be a boolean, got `yes` \(string\)$/,
    );
    expect(() => configure({ concurrency: 0 })).toThrow(/^Expected `concurrency` to be a positive integer or Infinity/);
    expect(() => configure(null as never)).toThrow(/^Expected `settings` to be an object/);
    expect(() => configure({ trace: "stderr" } as never)).toThrow(/^Expected `trace` to be a function of one line/);
    expect(configure({})).toEqual({ dryRun: false, concurrency: Infinity });
  });
});

describe("the default printer", () => {
  it("keeps going, quietly, when the reader of its output goes away (dk … | head)", async () => {
    const head = spawn("head", ["-n", "2"], { stdio: ["pipe", "pipe", "ignore"] });
    const shown: Buffer[] = [];
    head.stdout.on("data", (chunk: Buffer) => shown.push(chunk));
    const closed = once(head, "close");
    const p = createPrinter(head.stdin, new PassThrough());
    // Enough lines to fill the pipe long after head has left: every write past that point fails with EPIPE.
    for (let i = 0; i < 20_000; i++) await p.line("web1", `line ${i} ${"x".repeat(60)}`);
    await closed;
    for (let i = 0; i < 100; i++) await p.line("web1", `after ${i}`);
    expect(Buffer.concat(shown).toString()).toBe(`[web1] line 0 ${"x".repeat(60)}\n[web1] line 1 ${"x".repeat(60)}\n`);
  });
});
