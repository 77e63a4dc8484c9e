// The compact view shows each failed command's output at the end: hosts whose command failed alike (the same
// command, exit code and output) share one block, as the summary's last lines do.
import { readFileSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { createStatusPrinter } from "../src/status/status-printer.ts";
import { FakeTerminal } from "./helpers/fake-terminal.ts";

const failed = (exitCode: number) => ({ command: "apt-get install foo", exitCode, durationMs: 10, error: "failed" });

// Runs `apt-get install foo` on each host, printing `lines(tag)`, ending with `exitCode(tag)`; the screen after.
function run(tags: readonly string[], lines: (tag: string) => string[], exitCode: (tag: string) => number, keep = 200) {
  const term = new FakeTerminal(160, 20);
  const view = createStatusPrinter(term as unknown as NodeJS.WriteStream, undefined, {
    output: "compact",
    failedLines: keep,
  });
  view.plan(tags);
  for (const tag of tags) {
    view.start(tag, "apt-get install foo", tag);
    for (const line of lines(tag)) view.line(tag, line, "stderr");
    view.end(tag, failed(exitCode(tag)));
  }
  view.stop();
  return term.screen;
}

describe("the compact view's output of failed commands", () => {
  it("shows the output of hosts that failed alike once, naming them", () => {
    const tags = Array.from({ length: 8 }, (_, i) => `web${i + 1}`);
    const odd = (tag: string) => tag === "web4";
    const screen = run(
      tags,
      (tag) => ["Reading package lists...", odd(tag) ? "E: dpkg was interrupted" : "E: Unable to locate package foo"],
      (tag) => (odd(tag) ? 2 : 100),
    );
    const at = screen.indexOf("");
    expect(screen.slice(at)).toEqual([
      "",
      "✖ [web1 +6] `apt-get install foo` failed (exit code 100) on web1, web2, web3 and 4 more alike; its output:",
      "[web1 +6] Reading package lists...",
      "[web1 +6] E: Unable to locate package foo",
      "",
      "✖ [web4] `apt-get install foo` failed (exit code 2); its output:",
      "[web4] Reading package lists...",
      "[web4] E: dpkg was interrupted",
    ]);
  });

  it("names each host's log file when their last lines were alike and their logs are their own", () => {
    const screen = run(
      ["web1", "web2"],
      (tag) => [`first line of ${tag}`, "same", "end"],
      () => 1,
      2,
    );
    const headers = screen.filter((line) => line.includes("failed (exit code"));
    const header = headers[0]!;
    const logs = /all of them are in (\S+) and (\S+):$/.exec(header);
    expect(header).toMatch(
      /^✖ \[web1 \+1\] `apt-get install foo` failed \(exit code 1\) on web1, web2 alike; its last/,
    );
    expect(headers).toHaveLength(1);
    expect(logs?.slice(1).map((log) => readFileSync(log, "utf8"))).toEqual([
      "first line of web1\nsame\nend\n",
      "first line of web2\nsame\nend\n",
    ]);
    rmSync(dirname(logs![1]!), { recursive: true });
  });

  it("counts a host whose command failed alike again (a retry) once, saying how many times", () => {
    const term = new FakeTerminal(160, 20);
    const view = createStatusPrinter(term as unknown as NodeJS.WriteStream, undefined, { output: "compact" });
    for (let i = 0; i < 3; i++) {
      view.start("web1", "apt-get install foo", "web1");
      view.line("web1", "E: Could not get lock", "stderr");
      view.end("web1", failed(100));
    }
    view.stop();
    const at = term.screen.indexOf("");
    expect(term.screen.slice(at)).toEqual([
      "",
      "✖ [web1] `apt-get install foo` failed (exit code 100) 3 times; its output:",
      "[web1] E: Could not get lock",
    ]);
  });
});
