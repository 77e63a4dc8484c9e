// Hosts run side by side outside a group call (Promise.all over hosts) are listed in the order their commands were
// called, the order the task gave them, in dk's table and in the live view; not in the order their commands happened
// to start (a connection, or input that opens late, decides that).
import { execFileSync } from "node:child_process";
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { createPrinter, createRecorder, createStatusPrinter, Host, setPrinter } from "../src/index.ts";
import { FakeTerminal } from "./helpers/fake-terminal.ts";

afterEach(() => {
  setPrinter(undefined);
  vi.unstubAllEnvs();
});

// web1's command starts only once its input (a FIFO) has a writer, after web2's has run.
async function runLate(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "dk-order-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const fifo = join(dir, "input");
  execFileSync("mkfifo", [fifo]);
  const web1 = new Host("web1").runLocal("cat", { input: createReadStream(fifo) });
  await new Host("web2").runLocal("true");
  writeFileSync(fifo, "late\n");
  await web1;
}

describe("hosts run side by side outside a group call", () => {
  it("are in the order their commands were called, in the table and in the live view", async () => {
    vi.stubEnv("FORCE_COLOR", "0");
    const recorder = createRecorder(createPrinter(new PassThrough(), new PassThrough()));
    setPrinter(recorder);
    await runLate();
    expect(recorder.hosts().map((host) => host.host)).toEqual(["web1", "web2"]);

    const term = new FakeTerminal(60, 20);
    const view = createStatusPrinter(term as unknown as NodeJS.WriteStream, undefined, { intervalMs: 10 });
    setPrinter(view);
    await runLate();
    view.stop();
    expect(term.screen.filter((line) => /^. \[web/.test(line)).map((line) => line.slice(2, 8))).toEqual([
      "[web1]",
      "[web2]",
    ]);
  });
});
