// Aborting reboot's signal before the reboot was sent: whatever probe or ssh was cut short, the host is reported as
// interrupted with nothing rebooted, not as unreachable or unreadable.
import { existsSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { join } from "node:path";
import type { GroupError } from "@deploykit/core";
import { waitUntil } from "@deploykit/sandbox";
import { describe, expect, it } from "vitest";
import { reboot, type RebootError, type RebootOptions, type RebootResult } from "../../src/builtin/reboot/index.ts";
import { capture, FAST, rejection, withHosts } from "./helpers.ts";

// Reboots the group, aborting after `afterMs`; the one host's failure.
async function abortedAfter(group: Parameters<typeof reboot>[0], afterMs: number, options: RebootOptions) {
  const signal = AbortSignal.timeout(afterMs);
  const error = await rejection(reboot(group, { ...FAST, timeout: 60, output: capture(), signal, ...options }));
  return (error as GroupError<RebootResult>).results[0]!.error as RebootError;
}

const NOT_SENT = "interrupted before the reboot; nothing was rebooted";

describe("an abort before the reboot was sent", () => {
  it("while ping waits for an unplugged host: interrupted, not unreachable", async () => {
    await withHosts([{ downFor: 1 }], async (fleet, group) => {
      fleet.hosts[0]!.setLink(false);
      const failure = await abortedAfter(group, 500, { probeTimeout: 5 });
      expect(failure).toMatchObject({ phase: "checking", rebootSent: false, reason: NOT_SENT });
      expect(failure.elapsedMs).toBeLessThan(4000);
    });
  }, 60_000);

  it("while the TCP probe of its ssh port waits: interrupted, not unreachable", async () => {
    await withHosts([{ downFor: 1 }], async (fleet, group) => {
      fleet.hosts[0]!.setLink(false);
      // Ping gives up after 0.3 s; the TCP connect would wait 5 s.
      const failure = await abortedAfter(group, 1500, { connectTimeout: 5 });
      expect(failure).toMatchObject({ phase: "checking", rebootSent: false, reason: NOT_SENT });
      expect(failure.elapsedMs).toBeLessThan(4000);
    });
  }, 60_000);

  it("while ssh waits for a host's stopped sshd to read the boot id: interrupted, not unreadable", async () => {
    await withHosts([{ downFor: 1 }], async (fleet, group) => {
      const host = fleet.hosts[0]!;
      // The kernel still accepts connections for a stopped sshd; ssh then waits for its greeting.
      const sshd = Number(readFileSync(join(fleet.dir, host.namespace, "sshd.pid"), "utf8"));
      process.kill(sshd, "SIGSTOP");
      try {
        const failure = await abortedAfter(group, 1500, { connectTimeout: 5 });
        expect(failure).toMatchObject({ phase: "checking", rebootSent: false, reason: NOT_SENT });
      } finally {
        process.kill(sshd, "SIGCONT");
      }
      expect(host.events()).toEqual([]);
    });
  }, 60_000);
});

describe("an abort while the reboot is being sent", () => {
  it("says the reboot may have been sent, not that it was", async () => {
    await withHosts([{ downFor: 1 }], async (_fleet, group) => {
      const controller = new AbortController();
      const output = capture();
      // Aborts as the host enters "rebooting", right before the command goes out: whether it got there is unknown.
      const write = (text: string) => (text.includes("] rebooting") && controller.abort(), output.write(text));
      const options = { ...FAST, timeout: 60, output: { write }, signal: controller.signal };
      const error = await rejection(reboot(group, options));
      const failure = (error as GroupError<RebootResult>).results[0]!.error as RebootError;
      expect(failure).toMatchObject({
        phase: "rebooting",
        rebootSent: true,
        sendCut: true,
        reason: "interrupted while sending the reboot: it may have been sent; check whether the host reboots",
      });
      expect(output.text()).not.toContain("the reboot was sent");
    });
  }, 60_000);
});

describe("an abort after the reboot was sent", () => {
  it("while a probe waits for an answer: interrupted while waiting for it to go down, not 'while down'", async () => {
    await withHosts([{}], async (fleet, group) => {
      const host = fleet.hosts[0]!;
      // A command that reboots nothing and says when it ran: the session that sent it is over by then.
      const ran = join(fleet.dir, host.namespace, "ran");
      const controller = new AbortController();
      const output = capture();
      const options = { ...FAST, probeTimeout: 5, timeout: 60, output, signal: controller.signal };
      const rebooted = rejection(reboot(group, { ...options, command: `touch ${ran}` }));
      await waitUntil(() => existsSync(ran), "the command to run");
      // Unplugged: the next ping waits 5 s for its answer, and the abort comes meanwhile.
      host.setLink(false);
      await sleep(1000);
      controller.abort();
      const failure = ((await rebooted) as GroupError<RebootResult>).results[0]!.error as RebootError;
      expect(failure).toMatchObject({
        phase: "rebooting",
        rebootSent: true,
        reason:
          "interrupted while waiting for the host to go down; the reboot was sent: check that the host comes back",
      });
      expect(output.text()).not.toContain("] down after");
    });
  }, 60_000);
});
