// A login user that is not root: reboot goes through sudo, with the password given (dk --ask-sudo-password,
// setSudoPassword) or none. The user is real (made with useradd, removed afterwards) and its sudo asks for a password.
// The command is the test host's own stand-in reboot, by its path: sudo resets PATH, and the real one must never run.
import { chmodSync, existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { GroupError, Host, setSudoPassword } from "@deploykit/core";
import { createSudoUser, type NetnsFleet } from "@deploykit/sandbox";
import { afterEach, describe, expect, it } from "vitest";
import { reboot, RebootError, type RebootOptions, type RebootResult } from "../../src/builtin/reboot/index.ts";
import { capture, FAST, noting, rejection, withHosts } from "./helpers.ts";

afterEach(() => setSudoPassword(undefined));

// Runs `fn` with a sudo user that logs in to the fleet's first host with the fleet's key, and the stand-in's path.
async function asSudoUser(fleet: NetnsFleet, fn: (host: Host, command: string) => Promise<void>): Promise<void> {
  // The user's sshd reads the fleet's authorized keys: every directory above them must let it through.
  for (let dir = fleet.dir; dir !== tmpdir() && dir !== "/"; dir = dirname(dir)) chmodSync(dir, 0o755);
  const user = createSudoUser(`dk-rb-${process.pid}`, "right-pw", join(fleet.dir, "home"));
  const { address, namespace } = fleet.hosts[0]!;
  try {
    await fn(new Host(address, { ...fleet.hostOptions, user: user.name }), join(fleet.dir, namespace, "bin", "reboot"));
  } finally {
    await user.remove();
  }
}

// The reason the host failed for, after `reboot` rejected.
async function failure(host: Host, command: string, options: RebootOptions = {}): Promise<RebootError> {
  const error = await rejection(reboot([host], { ...FAST, timeout: 20, output: capture(), command, ...options }));
  return (error as GroupError<RebootResult>).failed[0]!.error as RebootError;
}

describe("reboot as a user whose sudo wants a password", () => {
  it("with the password given, reboots through sudo; without it or with a wrong one, says what to do", async () => {
    await withHosts([{ downFor: 1 }], async (fleet) => {
      await asSudoUser(fleet, async (host, command) => {
        const missing = await failure(host, command);
        expect(missing).toMatchObject({ rebootSent: false });
        expect(missing.reason).toBe(
          `could not send \`${command}\`: sudo: a password is required (exit 1); the login user's sudo wants a` +
            " password: give it (dk --ask-sudo-password, or setSudoPassword() in a script), allow the user sudo" +
            " without one, or log in as root; the host was not rebooted",
        );
        setSudoPassword("wrong-pw");
        const wrong = await failure(host, command);
        expect(wrong.reason).toBe(
          `could not send \`${command}\`: sudo: 1 incorrect password attempt (exit 1); sudo refused the password` +
            " given (dk --ask-sudo-password, setSudoPassword()): check it; the host was not rebooted",
        );
        expect(fleet.hosts[0]!.events()).toEqual([]);
        setSudoPassword("right-pw");
        const [r] = await reboot([host], { ...FAST, timeout: 30, output: capture(), command });
        expect(r!.result.bootIdAfter).toBe(fleet.hosts[0]!.bootId());
        expect(fleet.hosts[0]!.events().map((e) => e.event)).toEqual(["down", "up"]);
        // A command that fails through sudo: its words are read back as the login user, from a file that user owns.
        const refuse = join(dirname(command), "refuse");
        writeFileSync(refuse, "#!/bin/sh\necho 'Operation inhibited' >&2\nexit 1\n", { mode: 0o755 });
        const refused = await failure(host, refuse);
        expect(refused.reason).toBe(
          `\`${refuse}\` failed on the host: Operation inhibited (exit 1); the host was not rebooted`,
        );
        // dk gives up on a command still running: the login user removes the file root opened for it, for good.
        const late = noting(fleet, "sleep 8; exit 1");
        const gaveUp = await failure(host, late.command, { timeout: 5, probeTimeout: 2 });
        expect(gaveUp.reason).toMatch(/^did not go down within 5 s/);
        expect(late.file()).toMatch(/^\/dev\/shm\/dk-reboot\.\w+$/);
        expect(existsSync(late.file())).toBe(false);
        await late.ended();
        expect(existsSync(late.file())).toBe(false);
      });
    });
  });
});
