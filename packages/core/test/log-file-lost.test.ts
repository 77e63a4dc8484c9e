// A log file of the compact view that cannot be written whole (a full disk) is not said to hold every line. /dev/full
// stands in for the full disk: each write to it fails with ENOSPC.
import { mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { TagColors, colors } from "../src/output/colors.ts";
import { FailedOutput } from "../src/status/failed-output.ts";
import { LogDir, LogFile } from "../src/status/log-file.ts";
import { renderFailed } from "../src/status/render-failed.ts";

// Log files made as LogDir makes them, each written to a full disk.
class FullDisk extends LogDir {
  readonly dir = mkdtempSync(join(tmpdir(), "dk-full-"));
  override create(tag: string): LogFile {
    return new LogFile(join(this.dir, `${tag}-1.log`), openSync("/dev/full", "w"));
  }
}

describe("a log file that could not be written", () => {
  it("says so, and the report names what went wrong instead of promising every line", () => {
    const logs = new FullDisk();
    onTestFinished(() => rmSync(logs.dir, { recursive: true, force: true }));
    const failed = new FailedOutput(2, logs);
    failed.start("web1");
    for (let i = 0; i < 5000; i++) failed.line("web1", `line ${i} ${"x".repeat(40)}`, "stdout");
    failed.end("web1", { command: "deploy", exitCode: 1, durationMs: 5, error: "failed" }, true);
    const header = renderFailed(failed.failed(), new TagColors(), colors(false))[1]!;
    expect(header).toBe(
      `✖ [web1] \`deploy\` failed (exit code 1); its last 2 of 5000 lines; all of them were to be in ` +
        `${join(logs.dir, "web1-1.log")}, but writing it failed (ENOSPC: no space left on device, write):`,
    );
  });
});
