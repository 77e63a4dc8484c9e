import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createSudoUser, type SudoUser } from "@deploykit/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { Host } from "../src/host.ts";
import { useFleet } from "./helpers/fleet.ts";
import { marker, pidsMatching, waitGone } from "./helpers/processes.ts";

// Users whose login shell is fish, tcsh or (BSD) csh, which read dk's command line each in its own way: they hand it
// to bash, as sh does.
const home = mkdtempSync(join(tmpdir(), "dk-login-shell-home-"));
// The sandbox's sshd sets HOME for every login: here the users' own, so that the shells have nothing to say of it.
const fleet = useFleet({ hosts: 1, env: { HOME: home } });
const shells = ["fish", "tcsh", "bsd-csh"] as const;
const name = (shell: string) => `dk-${shell}-${process.pid}`;
const pipe = { stdout: "pipe", stderr: "pipe" } as const;
const users: SudoUser[] = [];

// A login shell that finds no bash: sh, with a PATH of nothing.
const noBash = join(mkdtempSync(join(tmpdir(), "dk-no-bash-")), "sh");

beforeAll(() => {
  chmodSync(fleet.sandbox.dir, 0o755);
  for (const shell of shells) users.push(createSudoUser(name(shell), "not used", home, { shell: `/usr/bin/${shell}` }));
  writeFileSync(noBash, `#!/bin/sh\nPATH=${dirname(noBash)}; export PATH; exec /bin/sh "$@"\n`, { mode: 0o755 });
  chmodSync(dirname(noBash), 0o755);
  users.push(createSudoUser(name("no-bash"), "not used", home, { shell: noBash }));
  // fish keeps files in its home; tcsh only reads there.
  execFileSync("chown", [name("fish"), home]);
  chmodSync(home, 0o755);
});
afterAll(async () => {
  for (const user of users) await user.remove();
  rmSync(home, { recursive: true, force: true });
  rmSync(dirname(noBash), { recursive: true, force: true });
});

describe.each(shells)("a %s login shell", (shell) => {
  const host = (): Host => fleet.host({ user: name(shell) });

  it("runs a string command in bash, with its exit code, env, cwd and input, and says nothing of its own", async () => {
    const command = 'printf "%s|" "${BASH_VERSION%%.*}" "$X" "$PWD"; cat; echo oops >&2; exit 3';
    const input = "in\\\\put 'x'\n";
    const r = await host().run(command, { ...pipe, check: false, env: { X: "a'\\b\nc" }, cwd: "/tmp", input });
    expect(r).toMatchObject({ exitCode: 3, stdout: `5|a'\\b\nc|/tmp|${input}`, stderr: "oops\n" });
  });

  it("runs an array command, each element one argument", async () => {
    const r = await host().run(["printf", "%s|", "a b", "$HOME", "it's\\!", "", "x\ny"], pipe);
    expect(r.stdout).toBe("a b|$HOME|it's\\!||x\ny|");
  });

  it("stops the remote command at the deadline and leaves nothing behind", async () => {
    const tag = marker(`${shell}-timeout`);
    const error = await host()
      .run(`sleep 60; : ${tag}`, { timeout: 1000, ...pipe })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ timedOut: true });
    expect(error).toBeInstanceOf(CommandError);
    expect(await waitGone(tag)).toEqual([]);
  });

  it("ends with the command, though it leaves a job running that holds none of the session's streams", async () => {
    const tag = marker(`${shell}-job`);
    // The job outlives the test's bound (60 s): only the session ending with the command lets the run end in time.
    const r = await host().run(`sh -c 'sleep 90; : ${tag}' </dev/null >/dev/null 2>&1 & echo $!`, pipe);
    try {
      expect(pidsMatching(tag)).toContain(Number(r.stdout));
    } finally {
      for (const pid of pidsMatching(tag)) process.kill(pid, "SIGKILL");
    }
  });

  it("uploads and downloads (rsync runs through the login shell too)", async () => {
    const dir = mkdtempSync(join(tmpdir(), `dk-${shell}-xfer-`));
    chmodSync(dir, 0o777);
    writeFileSync(join(dir, "it's a file"), "payload\n");
    // A directory rsync's far side makes first, named with what fish and csh read in their own ways.
    const up = "up! \\\\ \\'";
    await host().upload(join(dir, "it's a file"), `${dir}/${up}/it's here`);
    expect(readFileSync(join(dir, up, "it's here"), "utf8")).toBe("payload\n");
    await host().download(`${dir}/${up}/it's here`, join(dir, "down", "back"));
    expect(readFileSync(join(dir, "down", "back"), "utf8")).toBe("payload\n");
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("a login shell that finds no bash", () => {
  it("fails each command, with check or without, saying that the host has no bash", async () => {
    for (const check of [true, false]) {
      const error = await fleet
        .host({ user: name("no-bash") })
        .run("echo hi", { ...pipe, check })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CommandError);
      expect(error).toMatchObject({ exitCode: 127, stdout: "" });
      expect((error as CommandError).message).toMatch(
        /`echo hi` did not run: the host has no bash, .*\(its login shell said ".*bash: not found"\); install bash/,
      );
    }
  });
});
