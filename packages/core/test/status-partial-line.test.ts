// Text a program leaves on the terminal without a newline before the live view takes it ("Deploying... ") stays there:
// the view starts below it instead of clearing its line.
import { PassThrough } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { followLineStart } from "../src/status/line-start.ts";
import { createStatusPrinter } from "../src/status/status-printer.ts";
import { FakeTerminal } from "./helpers/fake-terminal.ts";

function view(term: FakeTerminal) {
  return createStatusPrinter(term as unknown as NodeJS.WriteStream, undefined, { intervalMs: 10, output: "stream" });
}

describe("a line left open on the terminal before the live view starts", () => {
  it("stays, and the view's lines start below it", async () => {
    const term = new FakeTerminal(60, 20);
    const v = view(term);
    term.write("Deploying to web1... ");
    v.start("web1", "deploy", "web1");
    v.line("web1", "done");
    await sleep(50);
    v.end("web1", { command: "deploy", exitCode: 0, durationMs: 5 });
    v.stop();
    expect(term.screen).toEqual(["Deploying to web1...", "[web1] done"]);
  });

  it("adds no blank line when what was written before ended its line", async () => {
    const term = new FakeTerminal(60, 20);
    const v = view(term);
    term.write("Deploying to web1\n");
    v.start("web1", "deploy", "web1");
    v.line("web1", "done");
    await sleep(50);
    v.end("web1", { command: "deploy", exitCode: 0, durationMs: 5 });
    v.stop();
    expect(term.screen).toEqual(["Deploying to web1", "[web1] done"]);
  });

  it("knows a line left open by a Buffer written, as by a string, until it stops following", () => {
    const stream = new PassThrough();
    const follow = followLineStart([stream]);
    stream.write(Buffer.from("Deploying... \n"));
    expect(follow.atStart()).toBe(true);
    stream.write(Buffer.from("Deploying... "));
    expect(follow.atStart()).toBe(false);
    stream.write("");
    expect(follow.atStart()).toBe(false);
    follow.stop();
    expect(stream.write).toBe(PassThrough.prototype.write);
  });
});
