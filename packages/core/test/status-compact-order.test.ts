// The compact view's output of failed commands at the end lists hosts in the order the summary does, the order the
// task gave them, whatever order their commands failed in; hosts that failed alike are named in that order too.
import { describe, expect, it } from "vitest";
import { createStatusPrinter } from "../src/status/status-printer.ts";
import { FakeTerminal } from "./helpers/fake-terminal.ts";

const failed = (exitCode: number) => ({ command: "apt-get install foo", exitCode, durationMs: 10, error: "failed" });

describe("the compact view's output of failed commands", () => {
  it("comes in host order, not in the order the commands failed", () => {
    const term = new FakeTerminal(160, 20);
    const view = createStatusPrinter(term as unknown as NodeJS.WriteStream, undefined, { output: "compact" });
    const tags = ["web1", "web2", "web3", "web4"];
    view.plan(tags);
    for (const tag of tags) view.start(tag, "apt-get install foo", tag);
    // web3 fails first, then web4, then web2 alike with web4; web1 succeeds.
    for (const [tag, line, code] of [
      ["web3", "E: dpkg was interrupted", 2],
      ["web4", "E: Unable to locate package foo", 100],
      ["web2", "E: Unable to locate package foo", 100],
    ] as const) {
      view.line(tag, line, "stderr");
      view.end(tag, failed(code));
    }
    view.end("web1", { command: "apt-get install foo", exitCode: 0, durationMs: 10 });
    view.stop();
    const screen = term.screen;
    expect(screen.slice(screen.indexOf(""))).toEqual([
      "",
      "✖ [web2 +1] `apt-get install foo` failed (exit code 100) on web2, web4 alike; its output:",
      "[web2 +1] E: Unable to locate package foo",
      "",
      "✖ [web3] `apt-get install foo` failed (exit code 2); its output:",
      "[web3] E: dpkg was interrupted",
    ]);
  });
});
