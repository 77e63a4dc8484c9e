// With stdout a terminal and stderr a file (dk deploy 2>errors.log), the live view's stderr lines go to the file as the
// plain printer writes them there: the bytes as they came, tabs and all, not cleaned for a terminal.
import { PassThrough } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createStatusPrinter } from "../src/status/status-printer.ts";
import { FakeTerminal } from "./helpers/fake-terminal.ts";

describe("the live view's stderr lines, stderr being a file", () => {
  it("are the command's bytes, tagged, as the plain printer gives a file", async () => {
    const term = new FakeTerminal(60, 20);
    const file = new PassThrough();
    const chunks: string[] = [];
    file.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
    const view = createStatusPrinter(term as unknown as NodeJS.WriteStream, file, { intervalMs: 10, output: "stream" });
    view.start("web1", "report", "web1");
    view.line("web1", "id\tname\tsize", "stderr");
    view.line("web1", "\x1b[31mred\x1b[0m", "stderr");
    view.end("web1", { command: "report", exitCode: 0, durationMs: 5 });
    await sleep(50);
    view.stop();
    expect(chunks.join("")).toBe("[web1] id\tname\tsize\n[web1] \x1b[31mred\x1b[0m\n");
  });
});
