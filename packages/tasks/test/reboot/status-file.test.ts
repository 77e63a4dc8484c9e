// The reboot command's status file (refusal.ts) once dk stops reading it before the command ends: Ctrl-C, the
// timeout, a host that never comes back. Where dk still reaches the host the file is removed, and the command's late
// end does not make it again; on a host gone down it lies on a tmpfs, which the next boot empties.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { GroupError } from "@deploykit/core";
import { waitUntil } from "@deploykit/sandbox";
import { describe, expect, it } from "vitest";
import { reboot, type RebootError, type RebootOptions, type RebootResult } from "../../src/builtin/reboot/index.ts";
import { capture, FAST, noting, rejection, withHosts } from "./helpers.ts";

// A host not rebooted must never look down: a ping answered late on a busy machine would say so.
const SURE = { ...FAST, probeTimeout: 2 } as const satisfies RebootOptions;

// The one host's failure after `reboot` rejected.
async function failure(promise: Promise<unknown>): Promise<RebootError> {
  const error = await rejection(promise);
  if (!("results" in error)) throw error;
  return (error as GroupError<RebootResult>).results[0]!.error as RebootError;
}

describe("the status file once dk stops reading it early", () => {
  it("Ctrl-C while the command still runs: removed, and not made again when the command fails later", async () => {
    await withHosts([{}], async (fleet, group) => {
      const late = noting(fleet, "sleep 3; echo 'refusing, late' >&2; exit 1");
      const controller = new AbortController();
      const options: RebootOptions = { ...SURE, timeout: 30, output: capture(), signal: controller.signal };
      const rebooted = failure(reboot(group, { ...options, command: late.command }));
      // Ctrl-C once the command runs, writing to the file.
      await waitUntil(() => late.file() !== "", "the command's start");
      controller.abort();
      const failed = await rebooted;
      expect(failed).toMatchObject({ phase: "rebooting", rebootSent: true });
      expect(late.file()).toMatch(/\/dk-reboot\.\w+$/);
      expect(existsSync(late.file())).toBe(false);
      await late.ended();
      expect(existsSync(late.file())).toBe(false);
    });
  }, 60_000);

  it("the timeout while the command still runs: removed, and not made again when the command fails later", async () => {
    await withHosts([{}], async (fleet, group) => {
      const late = noting(fleet, "sleep 9; echo 'refusing, late' >&2; exit 1");
      const options: RebootOptions = { ...SURE, timeout: 6, output: capture(), command: late.command };
      const failed = await failure(reboot(group, options));
      expect(failed.reason).toMatch(/^did not go down within 6 s/);
      expect(late.file()).toMatch(/\/dk-reboot\.\w+$/);
      expect(existsSync(late.file())).toBe(false);
      await late.ended();
      expect(existsSync(late.file())).toBe(false);
    });
  }, 60_000);

  it("a host that never comes back: the file it keeps is on a tmpfs, which its next boot empties", async () => {
    await withHosts([{ downFor: Infinity }], async (fleet, group) => {
      // The test host's reboot, run in place: it kills every process of the host, the shell that ends the file too.
      const fake = join(fleet.dir, fleet.hosts[0]!.namespace, "bin", "reboot");
      const gone = noting(fleet, `exec ${fake} --detached`);
      try {
        const failed = await failure(reboot(group, { ...FAST, timeout: 4, output: capture(), command: gone.command }));
        expect(failed).toMatchObject({ phase: "down", rebootSent: true });
        expect(gone.file()).toMatch(/^\/dev\/shm\/dk-reboot\.\w+$/);
        const mounts = readFileSync("/proc/mounts", "utf8").split("\n");
        expect(mounts.some((line) => /^\S+ \/dev\/shm tmpfs /.test(line))).toBe(true);
      } finally {
        if (gone.file() !== "") rmSync(gone.file(), { force: true });
      }
    });
  }, 60_000);
});
