// Hosts that do not really reboot: the reboot command is ignored, the host drops off the network and comes back with
// its old boot id, or ssh stops while it still answers ping. Each fails at the timeout saying what it saw.
import { join } from "node:path";
import type { GroupError } from "@deploykit/core";
import { describe, expect, it } from "vitest";
import { reboot, type RebootError, type RebootResult } from "../../src/builtin/reboot/index.ts";
import { capture, FAST, rejection, withHosts } from "./helpers.ts";

const TIMEOUT_S = 6;
// For a host seen down and up again: its ssh must have time to log in before the timeout, on a busy machine too.
const BACK_TIMEOUT_S = 15;

// The one host's failure, checked to come at the timeout (plus at most one probe and one ssh attempt).
async function failure(promise: Promise<unknown>, timeoutS = TIMEOUT_S): Promise<RebootError> {
  const error = await rejection(promise);
  const failed = (error as GroupError<RebootResult>).results[0]!.error as RebootError;
  expect(failed.elapsedMs).toBeGreaterThanOrEqual(timeoutS * 1000);
  expect(failed.elapsedMs).toBeLessThan(timeoutS * 1000 + 3000);
  expect(failed.rebootSent).toBe(true);
  return failed;
}

describe("a host that does not reboot", () => {
  it("ignores the reboot command: it never went down", async () => {
    await withHosts([{}], async (_fleet, group) => {
      const output = capture();
      const failed = await failure(reboot(group, { ...FAST, timeout: TIMEOUT_S, output, command: "true" }));
      expect(failed).toMatchObject({ phase: "rebooting" });
      expect(failed.reason).toBe(
        `did not go down within ${TIMEOUT_S} s: it kept answering with its old boot id; ` +
          "check that `true` works on it",
      );
    });
  }, 60_000);

  it("drops off the network and comes back with its old boot id: that outage was no reboot", async () => {
    await withHosts([{}], async (fleet, group) => {
      const host = fleet.hosts[0]!;
      const output = capture();
      // Unplugged once the reboot was sent, plugged in again once seen down; the boot id stays.
      const write = output.write.bind(output);
      output.write = (text: string) => {
        if (text.includes("] rebooting after")) host.setLink(false);
        if (text.includes("] down after")) host.setLink(true);
        return write(text);
      };
      const options = { ...FAST, timeout: BACK_TIMEOUT_S, output, command: "true" };
      const failed = await failure(reboot(group, options), BACK_TIMEOUT_S);
      expect(failed).toMatchObject({ phase: "up" });
      expect(failed.reason).toMatch(
        new RegExp(
          `^did not reboot within ${BACK_TIMEOUT_S} s: it stopped answering at \\d+\\.\\ds and answered again at ` +
            "\\d+\\.\\ds with the boot id it had before, so that outage was no reboot; check that `true` works on it$",
        ),
      );
    });
  }, 60_000);

  it("stops ssh but still answers ping: it may be stuck shutting down", async () => {
    await withHosts([{}], async (fleet, group) => {
      const host = fleet.hosts[0]!;
      const stopSshd = `kill $(cat ${join(fleet.dir, host.namespace, "sshd.pid")})`;
      const output = capture();
      const failed = await failure(reboot(group, { ...FAST, timeout: TIMEOUT_S, output, command: stopSshd }));
      expect(failed).toMatchObject({ phase: "rebooting" });
      expect(failed.reason).toMatch(
        new RegExp(
          `^did not go down within ${TIMEOUT_S} s: it still answers ping but no longer ssh ` +
            "\\(.*Connection refused.*\\); it may be stuck shutting down: check the host's console$",
        ),
      );
    });
  }, 60_000);
});
