// Starting a process blocks this one while it forks (tens of milliseconds each on a busy machine): runs started
// together start their processes one per turn of the event loop, so that a stop, a deadline, Ctrl-C or output between
// two starts is heard before the next, not after hundreds of them.
import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { run } from "../src/run.ts";

const quiet = { echo: false, stdout: "pipe", stderr: "pipe" } as const;

describe("runs started together", () => {
  it("hear a stop that comes while their processes start: those not started yet never start", async () => {
    const stop = new AbortController();
    const runs = Array.from({ length: 40 }, () => run("true", { ...quiet, signal: stop.signal }).catch((e) => e));
    // A timer: it fires once this process gets back to its event loop.
    setTimeout(() => stop.abort(), 0);
    const errors = (await Promise.all(runs)) as unknown[];
    expect(errors.every((error) => error instanceof CommandError && error.interrupted)).toBe(true);
    const neverStarted = errors.filter((error) => (error as Error).message.endsWith("before it started"));
    // At most the first start comes before the timer's turn.
    expect(neverStarted.length).toBeGreaterThanOrEqual(39);
  });
});
