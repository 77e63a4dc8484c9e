// A host back from its reboot whose ssh login is slow (a ~/.bashrc that takes its time): at the timeout, a boot-id
// read still under way is what the failure names, not the error of an earlier read (sshd not yet started, refused).
import { join } from "node:path";
import type { GroupError } from "@deploykit/core";
import { describe, expect, it } from "vitest";
import { reboot, type RebootError, type RebootResult } from "../../src/builtin/reboot/index.ts";
import { capture, FAST, rejection, withHosts } from "./helpers.ts";

describe("a host whose login is slow after its reboot", () => {
  it("fails at the timeout saying that a read of its boot id had not finished, not a stale refusal", async () => {
    await withHosts([{ downFor: 1 }], async (fleet, group) => {
      const dir = join(fleet.dir, fleet.hosts[0]!.namespace);
      // Its own reboot, after it made every later login wait a minute.
      const command = `echo 'sleep 60' > ${dir}/home/.bashrc && ${dir}/bin/reboot`;
      const error = await rejection(reboot(group, { ...FAST, timeout: 12, output: capture(), command }));
      const failed = (error as GroupError<RebootResult>).results[0]!.error as RebootError;
      expect(failed).toMatchObject({ phase: "up", rebootSent: true });
      expect(failed.reason).toMatch(/^did not come back within 12 s: it answers ping since \d+\.\ds, but ssh does not/);
      expect(failed.reason).not.toContain("Connection refused");
      expect(failed.reason).toMatch(
        /: (a read of its boot id over ssh had not finished by then|ssh did not finish in time)$/,
      );
    });
  }, 60_000);
});
