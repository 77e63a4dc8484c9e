// Ctrl-C under a limit (dk --limit, `limit`): the hosts whose turn had not come never start. They fail saying so,
// without a "checking" on the way, and nothing is done to them.
import type { GroupError } from "@deploykit/core";
import { describe, expect, it } from "vitest";
import { reboot, type RebootError, type RebootResult } from "../../src/builtin/reboot/index.ts";
import { capture, FAST, rejection, withHosts } from "./helpers.ts";

describe("Ctrl-C before a host's turn", () => {
  it("fails the hosts not started as such: no checking, nothing rebooted, the first one as it was", async () => {
    await withHosts([{}, {}, {}], async (fleet, group) => {
      // The first host's ping waits 5 s for an answer that never comes; Ctrl-C comes meanwhile.
      fleet.hosts[0]!.setLink(false);
      const output = capture();
      const signal = AbortSignal.timeout(1000);
      const options = { ...FAST, probeTimeout: 5, timeout: 60, limit: 1, output, signal };
      const error = await rejection(reboot(group, options));
      const failures = (error as GroupError<RebootResult>).results.map((r) => r.error as RebootError);
      expect(failures[0]).toMatchObject({
        phase: "checking",
        rebootSent: false,
        reason: "interrupted before the reboot; nothing was rebooted",
        halted: "stopped",
      });
      const lines = output.text().split("\n");
      for (const [i, host] of fleet.hosts.entries()) {
        if (i === 0) continue;
        expect(failures[i]).toMatchObject({
          phase: "waiting",
          rebootSent: false,
          reason: "interrupted before its turn: not started; nothing was rebooted",
          halted: "not started",
        });
        const said = lines.filter((line) => line.startsWith(`[${host.address}] `));
        expect(said).toHaveLength(1);
        expect(said[0]).toMatch(
          /\] failed after \d+\.\ds: interrupted before its turn: not started; nothing was rebooted$/,
        );
        expect(host.events()).toEqual([]);
      }
      expect(output.text()).toMatch(/^reboot on 3 hosts: 0 ok, 0 failed, 1 stopped, 2 not started$/m);
    });
  }, 60_000);
});
