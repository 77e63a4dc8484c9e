// The lines a command's stdout and stderr hold without their newline when they end go out in the order they began,
// as a terminal shows them, whichever stream closes first; lines with their newline go out as they come.
import { describe, expect, it, vi } from "vitest";
import { run } from "../src/run.ts";
import { endOrder } from "../src/output/end-order.ts";
import { shownLines } from "./helpers/shown-lines.ts";

const shown = (command: string) => shownLines(() => run(command, { echo: false, check: false }));

describe("the last lines of a command's two streams", () => {
  it.each([
    ["stdout first", "printf out; sleep 1; printf err >&2", ["stdout: out", "stderr: err"]],
    ["stderr first", "printf err >&2; sleep 1; printf out", ["stderr: err", "stdout: out"]],
    [
      "whole lines between",
      "printf 'a\\nout'; sleep 1; printf 'b\\nerr' >&2; sleep 1; printf tail",
      ["stdout: a", "stderr: b", "stdout: outtail", "stderr: err"],
    ],
  ])("go out in the order they began: %s", async (_, command, expected) => {
    expect(await shown(command)).toEqual(expected);
  });

  it("wait for an older line of a stream still open, and go once it ends its line", async () => {
    const order = endOrder();
    let stdoutSince: number | undefined = 1;
    const stdout = order.join(() => stdoutSince);
    const stderr = order.join(() => 2);
    const flushed: string[] = [];
    const errDone = stderr.inOrder(2, async () => void flushed.push("stderr"));
    await new Promise((resolve) => setImmediate(resolve));
    expect(flushed).toEqual([]);
    stdoutSince = undefined;
    stdout.changed();
    await errDone;
    expect(flushed).toEqual(["stderr"]);
    await stdout.inOrder(undefined, async () => void flushed.push("stdout"));
    expect(flushed).toEqual(["stderr", "stdout"]);
  });

  it("wait a second at most for a stream that holds an older line and stays open (a background job)", async () => {
    vi.useFakeTimers();
    try {
      const order = endOrder();
      order.join(() => 1);
      const flushed: string[] = [];
      const done = order.join(() => 2).inOrder(2, async () => void flushed.push("stderr"));
      await vi.advanceTimersByTimeAsync(900);
      expect(flushed).toEqual([]);
      await vi.advanceTimersByTimeAsync(200);
      await done;
      expect(flushed).toEqual(["stderr"]);
    } finally {
      vi.useRealTimers();
    }
  });
});
