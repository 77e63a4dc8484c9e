// A reboot command that fails on the host (a shutdown inhibitor, no permission, no init to talk to) runs detached,
// after the session that sent it: its failure is read back with the boot id, so the host fails at once, saying why,
// instead of at the timeout. The file it is read from is removed either way.
import { randomUUID } from "node:crypto";
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GroupError } from "@deploykit/core";
import type { NetnsFleet } from "@deploykit/sandbox";
import { describe, expect, it } from "vitest";
import { reboot, type RebootError, type RebootResult } from "../../src/builtin/reboot/index.ts";
import { bootIdOf, readWithStatus, refusalOf } from "../../src/builtin/reboot/refusal.ts";
import { capture, FAST, rejection, withHosts } from "./helpers.ts";

const TIMEOUT_S = 60;

// A command on the fleet's first host that prints `said` and then runs `then`.
function hostCommand(fleet: NetnsFleet, name: string, said: string, then: string): string {
  const path = join(fleet.dir, fleet.hosts[0]!.namespace, "bin", name);
  writeFileSync(path, `#!/bin/sh\necho ${JSON.stringify(said)} >&2\n${then}\n`);
  chmodSync(path, 0o755);
  return path;
}

// Where the hosts keep status files (this machine's directories): /dev/shm, else their temporary directory (their
// sshd passes no TMPDIR; the tests' own TMPDIR is elsewhere).
const HOST_DIRS = ["/dev/shm", "/tmp"];

// The status files left on the hosts that hold `token`.
function leftWith(token: string): string[] {
  return HOST_DIRS.flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => name.startsWith("dk-reboot."))
      .map((name) => join(dir, name))
      .filter((path) => {
        try {
          return readFileSync(path, "utf8").includes(token);
        } catch {
          return false;
        }
      }),
  );
}

describe("a reboot command that fails on the host", () => {
  it("fails the host at once with the command's own words, not at the timeout", async () => {
    await withHosts([{}], async (fleet, group) => {
      const token = randomUUID();
      const command = hostCommand(fleet, "refuse", `Call to Reboot failed: Access denied ${token}`, "exit 1");
      const error = await rejection(reboot(group, { ...FAST, timeout: TIMEOUT_S, output: capture(), command }));
      const failed = (error as GroupError<RebootResult>).results[0]!.error as RebootError;
      expect(failed).toMatchObject({ phase: "rebooting", rebootSent: true });
      expect(failed.reason).toBe(
        `\`${command}\` failed on the host: Call to Reboot failed: Access denied ${token} (exit 1);` +
          " the host was not rebooted",
      );
      expect(failed.elapsedMs).toBeLessThan(20_000);
      expect(fleet.hosts[0]!.events()).toEqual([]);
      expect(leftWith(token)).toEqual([]);
    });
  }, 60_000);

  it("a command that works leaves no status file behind once the host is back", async () => {
    await withHosts([{ downFor: 1 }], async (fleet, group) => {
      const token = randomUUID();
      const fake = join(fleet.dir, fleet.hosts[0]!.namespace, "bin", "reboot");
      const command = hostCommand(fleet, "say-and-reboot", token, fake);
      const [result] = await reboot(group, { ...FAST, timeout: TIMEOUT_S, output: capture(), command });
      expect(result!.result.bootIdAfter).toBe(fleet.hosts[0]!.bootId());
      expect(leftWith(token)).toEqual([]);
    });
  }, 60_000);
});

describe("what counts as a refusal", () => {
  it.each([
    [["Access denied", "dk-reboot-exit 1"], { exitCode: 1, said: "Access denied" }],
    [["", "dk-reboot-exit 127"], { exitCode: 127, said: undefined }],
    // Still running: no exit status yet.
    [["going down"], undefined],
    // Killed by the shutdown it started (SIGKILL, SIGTERM): the reboot is under way.
    [["dk-reboot-exit 137"], undefined],
    [["dk-reboot-exit 143"], undefined],
  ])("%j", (lines, refusal) => {
    expect(refusalOf(lines)).toEqual(refusal);
  });
});

describe("reading the status file", () => {
  it("a command that ends while the file is read: its refusal is read, or the file is left for the next read", () => {
    const dir = mkdtempSync(join(tmpdir(), "dkr-status-"));
    try {
      const [bootId, file] = [join(dir, "boot_id"), join(dir, "dk-reboot.0123456789")];
      const before = randomUUID();
      writeFileSync(bootId, `${before}\n`);
      writeFileSync(file, "Access denied\n");
      // A `cat` after which the command ends: its exit status lands in the file right after this read of it.
      const bin = join(dir, "bin");
      mkdirSync(bin);
      writeFileSync(
        join(bin, "cat"),
        `#!/bin/sh\n/bin/cat "$@"; s=$?\n` +
          `[ "$2" = ${JSON.stringify(file)} ] && echo 'dk-reboot-exit 1' >> "$2"\nexit $s\n`,
        { mode: 0o755 },
      );
      const read = spawnSync("bash", ["-c", readWithStatus(bootId, { file, before })], {
        encoding: "utf8",
        env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}` },
      });
      const { id, rest } = bootIdOf(read.stdout);
      expect(id).toBe(before);
      if (refusalOf(rest) === undefined) expect(existsSync(file)).toBe(true);
      else expect(refusalOf(rest)).toEqual({ exitCode: 1, said: "Access denied" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
