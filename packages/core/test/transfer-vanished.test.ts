// A source that changes while rsync copies it: a file listed, then gone before rsync opened it (exit code 24). rsync
// names it only on a line of its own, without its "rsync: " prefix, then sums up with a warning and its source line.
import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { rsyncFailed } from "../src/transfer/transfer-error.ts";

// What rsync 3.5 printed when a file of an uploaded directory was removed during the copy.
const STDERR =
  'file has vanished: "/tmp/src/b"\n' +
  "rsync warning: some files vanished before they could be transferred (code 24) at main.c(1394) [sender=3.5.0]\n";

function failed(stderr: string, direction: "upload" | "download") {
  const result = { command: "rsync …", exitCode: 24, stdout: "", stderr, durationMs: 5, host: "web" };
  return rsyncFailed(new CommandError(result, { host: "web" }), direction, { hostname: "web", tag: "web" }, []);
}

describe("a source file that vanished during the copy", () => {
  it.each([
    ["upload", "local"],
    ["download", "remote"],
  ] as const)("%s: names the file, says the source changed and what to do", (direction, side) => {
    const e = failed(STDERR, direction);
    expect(e.kind).toBe("failed");
    expect(e.reason).toBe(
      `the ${side} source changed while it was copied (file has vanished: "/tmp/src/b"): the rest was copied; ` +
        "copy again once it stops changing",
    );
  });

  it("of several vanished files, names the first and counts the others", () => {
    const more = 'file has vanished: "/tmp/src/c"\nfile has vanished: "/tmp/src/d"\n';
    const e = failed(more + STDERR, "upload");
    expect(e.reason).toBe(
      'the local source changed while it was copied (file has vanished: "/tmp/src/c", and 2 more): the rest was ' +
        "copied; copy again once it stops changing",
    );
  });
});
