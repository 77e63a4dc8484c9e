// The lease renewal of the deployment lock: one renewal at a time, none after stop, and stop waits for (or, asked to,
// aborts) the one in flight, so a deployment never returns with a command of its lock still running.
import { describe, expect, it } from "vitest";
import { keepRenewing } from "../../src/builtin/deploy-nixos/renewal.ts";

// A renewal the test ends: each call is recorded with its signal, and settles when the test says.
function controlled() {
  const calls: { signal: AbortSignal; end(): void }[] = [];
  let called: () => void = () => undefined;
  const renew = (signal: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ signal, end: resolve });
      signal.addEventListener("abort", () => reject(new Error("aborted")));
      called();
    });
  // Resolves once renew has been called `count` times in all.
  const calledTimes = (count: number) =>
    new Promise<void>((resolve) => {
      called = () => calls.length >= count && resolve();
      called();
    });
  return { calls, renew, calledTimes };
}

// Whether `promise` has settled by the time the work queued now (timers of 0 ms included) is done.
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setTimeout(resolve, 0));
  return done;
}

describe("keepRenewing", () => {
  it("stop waits for the renewal in flight, and no renewal starts after it", async () => {
    const r = controlled();
    const renewing = keepRenewing(r.renew, 1);
    await r.calledTimes(1);
    const stopped = renewing.stop();
    expect(await settled(stopped)).toBe(false);
    r.calls[0]!.end();
    await stopped;
    expect(r.calls[0]!.signal.aborted).toBe(false);
    // A renewal would be due by now, many times over, were it still renewing.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(r.calls).toHaveLength(1);
  });

  it("stop(true) aborts the renewal in flight and returns once it has ended", async () => {
    const r = controlled();
    const renewing = keepRenewing(r.renew, 1);
    await r.calledTimes(1);
    await renewing.stop(true);
    expect(r.calls[0]!.signal.aborted).toBe(true);
    expect(r.calls).toHaveLength(1);
  });

  it("runs one renewal at a time, the next one after the last has ended, a failed one too", async () => {
    const r = controlled();
    let failures = 0;
    const renewing = keepRenewing((signal) => {
      const renewal = r.renew(signal);
      return r.calls.length === 1 ? renewal.then(() => Promise.reject(new Error(`failed ${++failures}`))) : renewal;
    }, 1);
    await r.calledTimes(1);
    // Twenty periods go by: the one in flight is still the only one.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(r.calls).toHaveLength(1);
    r.calls[0]!.end();
    await r.calledTimes(2);
    expect(failures).toBe(1);
    r.calls[1]!.end();
    await r.calledTimes(3);
    await renewing.stop(true);
  });
});
