import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

// Login shells that find no bash: sh and tcsh, with a PATH of `test` alone (a program to csh).
const noBash = mkdtempSync(join(tmpdir(), "dk-no-bash-"));
const wrapped = { sh: "/bin/sh", tcsh: "/usr/bin/tcsh" } as const;

beforeAll(() => {
  chmodSync(fleet.sandbox.dir, 0o755);
  for (const shell of shells) users.push(createSudoUser(name(shell), "not used", home, { shell: `/usr/bin/${shell}` }));
  chmodSync(noBash, 0o755);
  symlinkSync("/usr/bin/test", join(noBash, "test"));
  for (const [shell, path] of Object.entries(wrapped)) {
    const file = join(noBash, `${shell}-without-bash`);
    writeFileSync(file, `#!/bin/sh\nPATH=${noBash}; export PATH; exec ${path} "$@"\n`, { mode: 0o755 });
    users.push(createSudoUser(name(`no-bash-${shell}`), "not used", home, { shell: file }));
  }
  // fish keeps files in its home; tcsh only reads there.
  execFileSync("chown", [name("fish"), home]);
  chmodSync(home, 0o755);
});
afterAll(async () => {
  for (const user of users) await user.remove();
  rmSync(home, { recursive: true, force: true });
  rmSync(noBash, { recursive: true, force: true });
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

describe.each(Object.keys(wrapped))("a login shell that finds no bash (%s)", (shell) => {
  it("fails each command, with check or without, saying that the host has no bash", async () => {
    for (const check of [true, false]) {
      const error = await fleet
        .host({ user: name(`no-bash-${shell}`) })
        .run("echo hi", { ...pipe, check })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CommandError);
      expect(error).toMatchObject({ stdout: "" });
      const { message } = error as CommandError;
      expect(message).toMatch(/^\[[\d.]+\] `echo hi` did not run: the host has no bash, /);
      // dash: "/bin/sh: 1: exec: bash: not found"; tcsh: "bash: Command not found."
      expect(message).toMatch(
        /\(its login shell said "[^"]*bash: (?:not|Command not) found\.?"\); install bash there$/,
      );
    }
  });
});
