// Ctrl-C while --reboot waits for a host to come back: the wait stops at once (dk holds its exit until the
// deployment is over, so a wait that went on would keep dk for up to rebootTimeout).
import type { GroupError } from "@deploykit/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { deployNixos, type Deployment, type HostDeployError } from "../../src/builtin/deploy-nixos/index.ts";
import { captured, leftOnThisMachine, startNixosFleet, type NixosFleet } from "./netns-helpers.ts";

// A host that never comes back and drops ICMP: it is watched by in-process TCP probes, which no child's death ends.
let fleet: NixosFleet;
beforeAll(async () => void (fleet = await startNixosFleet(1, { downFor: Infinity, dropIcmp: true })), 60_000);
afterAll(async () => fleet?.stop());

// Another listener than deployNixos' own: like dk's, it keeps the process alive after the deployment ends.
const keepAlive = () => {};
afterEach(() => void process.off("SIGINT", keepAlive));

// Deploys with --reboot and sends SIGINT once the output has shown `when` (with `atOnce`, as it is written); the host's
// error and the time it took.
async function interruptedAt(when: string, atOnce = false) {
  process.on("SIGINT", keepAlive);
  let interruptedAt = 0;
  const interrupt = () => {
    interruptedAt = performance.now();
    process.emit("SIGINT");
  };
  const write = process.stdout.write;
  if (atOnce)
    process.stdout.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: never[]) {
      if (interruptedAt === 0 && String(chunk).includes(when)) interrupt();
      return write.call(this, chunk as string, ...rest);
    };
  const run = await captured(
    () => deployNixos(fleet.hosts(), { source: fleet.good, action: "boot", reboot: true, rebootTimeout: 60 }),
    (soFar) => {
      if (atOnce) return;
      const timer = setInterval(() => {
        if (!soFar().includes(when)) return;
        clearInterval(timer);
        interrupt();
      }, 100);
    },
  ).finally(() => void (process.stdout.write = write));
  expect(interruptedAt).toBeGreaterThan(0);
  const error = (run.error as GroupError<Deployment>).results[0]!.error as HostDeployError;
  return { ...run, error, waited: performance.now() - interruptedAt };
}

describe("Ctrl-C during --reboot", () => {
  it("before the reboot was sent: says the new system runs after the next reboot", async () => {
    // Ping goes unanswered for its whole second here, so the signal comes while the host is checked.
    const run = await interruptedAt("reboot: checking");
    expect(run.error).toMatchObject({ step: "reboot", outcome: "stopped" });
    expect(run.error.reason).toBe(
      "interrupted before the reboot: the new system is the boot default and runs after the next reboot",
    );
    expect(fleet.netns.hosts[0]!.events()).toEqual([]);
  }, 120_000);

  it("while the reboot is being sent: says it may have been sent, not that it was", async () => {
    // As the phase line is written, right before the command goes out: whether it got there is unknown.
    const run = await interruptedAt("reboot: rebooting after", true);
    expect(run.error).toMatchObject({ step: "reboot", outcome: "stopped" });
    expect(run.error.reason).toBe(
      "interrupted while sending the reboot: it may or may not have been sent; the new system is the boot default" +
        " either way: check whether the host reboots, and that it then runs the new system",
    );
    expect(run.text).toContain("(interrupted while sending the reboot: it may have been sent;");
  }, 120_000);

  it("while the host is down: stops waiting at once, and says the reboot was sent", async () => {
    const run = await interruptedAt("reboot: down after");
    expect(run.error).toMatchObject({ step: "reboot", outcome: "stopped" });
    expect(run.error.reason).toBe(
      "interrupted while rebooting into the new system: the reboot was sent; check that the host comes back on it",
    );
    expect(run.text).toMatch(
      /reboot: failed after \d+\.\ds \(interrupted while down; the reboot was sent: check that the host comes back\)/,
    );
    // The lock's release over a new connection to the unreachable host is bounded by its ConnectTimeout (10 s).
    expect(run.waited).toBeLessThan(20_000);
    expect(leftOnThisMachine(fleet, run.text)).toEqual([]);
  }, 120_000);
});
