import { collect, type Collected } from "@deploykit/sandbox";
import { execFileSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { guarded, remoteCommand } from "../src/ssh/remote-command.ts";
import { pidsMatching, waitGone } from "./helpers/processes.ts";

// Plays the remote login shell (`sh`: dash here; or bash): runs the command line with `-c`, its stdin held open as
// sshd's is, until `close` is printed (then it closes, as when the ssh client goes away) or the shell exits (then
// sshd closes it). sshd starts it as a session leader (`setsid`); a shell that leads no group of its own takes the
// supervisor's other way.
let shell = "sh";
let leader = true;
type Spawn = { readonly env?: NodeJS.ProcessEnv; readonly cwd?: string };
function asLoginShell(line: string, close?: string, spawn: Spawn = {}): Promise<Collected> {
  const onOutput = close === undefined ? undefined : { text: close, act: (c: ChildProcess) => c.stdin?.end() };
  const onSpawn = (c: ChildProcess) => c.once("exit", () => c.stdin?.end());
  const [file, args] = leader ? ["setsid", [shell, "-c", line]] : [shell, ["-c", line]];
  // SHLVL: with none (or 0) and stdin a socket, as Node's pipes are, bash takes itself for sshd's and reads the
  // machine's ~/.bashrc instead of BASH_ENV.
  const env = { ...(spawn.env ?? process.env), SHLVL: "1" };
  const options = { openStdin: true, timeoutMs: 20_000, onSpawn, ...(onOutput && { onOutput }), ...spawn, env };
  return collect(file, args, options);
}

// `text` as bash's start-up file, as a host's ~/.bashrc (BASH_ENV: as if not run by sshd, which reads ~/.bashrc).
function startupFile(text: string): Spawn {
  const startup = join(mkdtempSync(join(tmpdir(), "dk-startup-")), "bash-env");
  writeFileSync(startup, text);
  return { env: { ...process.env, SSH_CLIENT: undefined, SSH2_CLIENT: undefined, BASH_ENV: startup } };
}

// Options and a trap of the host's own, which its ~/.bashrc may set: they hold for the command, as under plain ssh, and
// must not stop or trip dk's own steps.
const strict = () => startupFile("set -euo pipefail -o noclobber; trap 'echo ERR-TRAP >&2' ERR\n");

// fish, tcsh and csh read the line differently and hand it to bash (see inBash).
const shells = ["sh", "bash", "fish", "tcsh", "bsd-csh"].flatMap((s) => [
  { loginShell: s, lead: true, as: "a session leader" },
  { loginShell: s, lead: false, as: "in a group it does not lead" },
]);

describe.each(shells)("remoteCommand, login shell $loginShell, $as", ({ loginShell, lead }) => {
  beforeEach(() => void ((shell = loginShell), (leader = lead)));

  it("runs a string command in the supervisor's bash (eval): the login shell itself when that is bash", async () => {
    const r = await asLoginShell(remoteCommand("p=$BASHPID; tr '\\0' ' ' </proc/$p/cmdline"));
    // In a group it does not lead, the supervisor runs the command as a job, in a bash of its own.
    const supervisor = loginShell === "bash" ? "bash -c set __dk_line = " : "bash -c set +o posix; ";
    expect(r.stdout).toMatch(lead ? "set -m" : / -c unset __dk_c; eval .*\$BASHPID.* bash $/);
    if (lead) expect(r.stdout.startsWith(supervisor)).toBe(true);
  });

  it("runs the command without the supervisor's job control, its background jobs in its own group", async () => {
    const line = remoteCommand('echo $-; sleep 0.1 & ps -o pgid= -p "$!" $BASHPID | sort -u | wc -l');
    expect((await asLoginShell(line)).stdout).toMatch(/^[^m\n]*\n\s*1\n$/);
  });

  it("numbers the command's lines from 1 in bash's messages; a syntax error is eval's", async () => {
    const env = { A: "x\ny", B: "\\'\n" };
    const lines = await asLoginShell(remoteCommand('echo "$A$B"\nnosuch-dk-cmd', { env, cwd: "/" }));
    expect(lines).toMatchObject({ code: 127, stdout: "x\ny\\'\n\n" });
    expect(lines.stderr).toMatch(/^bash: line 2: nosuch-dk-cmd: command not found\n/);
    const r = await asLoginShell(remoteCommand("if"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^bash: eval: line 2: syntax error: unexpected end of file\n/);
  });

  it("runs a string through bash", async () => {
    expect(await asLoginShell(remoteCommand("echo $((1+2)) ${BASH_VERSION:+bash}"))).toMatchObject({
      code: 0,
      stdout: "3 bash\n",
    });
  });

  it("runs an array without a shell: each element one argument", async () => {
    const r = await asLoginShell(remoteCommand(["printf", "%s|", "a b", "$HOME", "it's!", "", "x\ny\\"]));
    expect(r.stdout).toBe("a b|$HOME|it's!||x\ny\\|");
  });

  it("changes to cwd on the far side", async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), "dk-cwd-")));
    expect((await asLoginShell(remoteCommand("pwd", { cwd: dir }))).stdout).toBe(`${dir}\n`);
    expect((await asLoginShell(remoteCommand("pwd", { cwd: join(dir, "missing") }))).code).not.toBe(0);
  });

  it("takes a relative cwd from where the shell starts, whatever an exported CDPATH says; prints nothing", async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), "dk-cdpath-")));
    for (const sub of ["home/sub", "elsewhere/sub"]) mkdirSync(join(dir, sub), { recursive: true });
    const env = { ...process.env, CDPATH: `.:${dir}/elsewhere` };
    const r = await asLoginShell(remoteCommand("pwd; echo $CDPATH", { cwd: "sub" }), undefined, {
      env,
      cwd: `${dir}/home`,
    });
    expect(r.stdout).toBe(`${dir}/home/sub\n.:${dir}/elsewhere\n`);
  });

  it("passes env values byte for byte", async () => {
    const value = "a b 'c' \"d\" $e `f` \\g\nh ünï";
    expect((await asLoginShell(remoteCommand(["printenv", "X"], { env: { X: value } }))).stdout).toBe(`${value}\n`);
  });

  it("keeps exit code and stderr, reports the code on a marked last line, and adds no job-control noise", async () => {
    const r = await asLoginShell(remoteCommand("echo oops >&2; exit 7"));
    expect(r).toEqual({ code: 7, signal: null, stdout: "", stderr: "oops\n\x1fdk-exit::7\n" });
  });

  it("holds a command's set -e as bash does, and its set -x traces the command alone", async () => {
    const stopped = await asLoginShell(remoteCommand("set -e\necho a\n(exit 3)\necho b"));
    expect(stopped).toMatchObject({ code: 3, stdout: "a\n", stderr: "\x1fdk-exit::3\n" });
    expect(await asLoginShell(remoteCommand("set -e; echo ok"))).toMatchObject({ code: 0, stdout: "ok\n" });
    const traced = await asLoginShell(remoteCommand("set -x\necho hi"));
    expect(traced).toMatchObject({ code: 0, stdout: "hi\n" });
    expect(traced.stderr.replace(/^\++ /, "+ ")).toBe("+ echo hi\n\x1fdk-exit::0\n");
  });

  it("gives the command no stdin of its own", async () => {
    expect((await asLoginShell(remoteCommand("cat; echo done"))).stdout).toBe("done\n");
  });

  it("asks sudo only when not already root", async () => {
    const line = remoteCommand("id -u", { sudo: true });
    expect(line).toContain("sudo -n --");
    if (process.getuid?.() === 0) expect((await asLoginShell(line)).stdout).toBe("0\n");
  });

  it("kills the command's whole process group when its stdin closes (the ssh client went away)", async () => {
    const marker = `dk-marker-${process.pid}-${Date.now()}`;
    const sleeps = `sh -c 'sleep 30; : ${marker}' & sh -c 'sleep 31; : ${marker}' & echo started; wait`;
    // collect fails the test at 20 s, well before the sleeps end: only the kill ends them sooner.
    const r = await asLoginShell(remoteCommand(sleeps), "started\n");
    expect(r.code).not.toBe(0);
    expect(await waitGone(marker)).toEqual([]);
  });

  it("runs a session leader's command in the login shell itself, with one watchdog beside it", async () => {
    // Every process of the session: the shell(s) running the command, the watchdog, ps and wc.
    const r = await asLoginShell(remoteCommand("echo $(( $$ == BASHPID )); ps -o pid= -g $$ | wc -l"));
    expect(r.stdout.split(/\s+/).filter(Boolean)).toEqual(leader ? ["1", "4"] : ["1", expect.any(String)]);
  });

  it("does not make the command's own `wait` wait for the watchdog, with input or without", async () => {
    for (const input of [false, true]) {
      for (const command of ["sleep 0.1 & wait; echo waited", "wait; echo waited"]) {
        const r = await asLoginShell(remoteCommand(command, { input }));
        expect(r).toMatchObject({ code: 0, stdout: "waited\n" });
      }
    }
  });

  it("leaves what the command left running in the background, also when its own EXIT trap replaced ours", async () => {
    // The job is the sleep itself (a duration no other process has), so killing it at the end leaves nothing.
    const marker = `sleep 30.${process.pid}${Date.now() % 100_000}`;
    const r = await asLoginShell(remoteCommand(`trap : EXIT; ${marker} </dev/null >/dev/null 2>&1 & echo $!`));
    const kept = Number(r.stdout);
    try {
      expect(r.code).toBe(0);
      // Once the supervisor's own processes (whose command lines hold the marker too) are gone, the job is still there.
      for (let i = 0; i < 400 && pidsMatching(marker).some((pid) => pid !== kept); i++) {
        await new Promise((done) => setTimeout(done, 50));
      }
      expect(pidsMatching(marker)).toEqual([kept]);
    } finally {
      if (kept > 0) process.kill(kept, "SIGKILL");
    }
  });

  it("reports the code of a command that execs or traps EXIT itself; nothing is left once stdin closes", async () => {
    const marker = `dk-marker-${process.pid}-${Date.now()}`;
    const execs = await asLoginShell(remoteCommand(`: ${marker}; exec sh -c 'exit 4'`));
    expect(execs.code).toBe(4);
    const trapped = await asLoginShell(remoteCommand(`: ${marker}; trap 'echo bye' EXIT; exit 3`));
    expect(trapped).toMatchObject({ code: 3, stdout: "bye\n" });
    expect(await waitGone(marker)).toEqual([]);
  });
});

describe("remoteCommand, a login shell that is bash in POSIX mode", () => {
  beforeEach(() => void (leader = true));
  const line = remoteCommand("shopt -o posix; echo $$ $BASHPID");

  it("runs the command once, in the login shell, out of POSIX mode (bash as sh)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dk-sh-"));
    symlinkSync(execFileSync("sh", ["-c", "command -v bash"], { encoding: "utf8" }).trim(), join(dir, "sh"));
    shell = join(dir, "sh");
    const r = await asLoginShell(line);
    expect(r).toMatchObject({ code: 0, stdout: expect.stringMatching(/^posix\s+off\n(\d+) \1\n$/) });
  });

  it("runs it once where POSIXLY_CORRECT is set (a bash it started would be in POSIX mode again)", async () => {
    shell = "bash";
    const r = await asLoginShell(line, undefined, { env: { ...process.env, POSIXLY_CORRECT: "1" } });
    expect(r).toMatchObject({ code: 0, stdout: expect.stringMatching(/^posix\s+off\n(\d+) \1\n$/) });
  });
});

describe.each([true, false])("remoteCommand, a session leader: %s", (lead) => {
  beforeEach(() => void ((shell = "bash"), (leader = lead)));

  it("outlives a readonly TMOUT that bash's start-up file sets (its watchdog's read does not end then)", async () => {
    const tmout = startupFile("readonly TMOUT=1; export TMOUT\n");
    const r = await asLoginShell(remoteCommand("sleep 2; echo $TMOUT"), undefined, tmout);
    expect(r).toMatchObject({ code: 0, stdout: "1\n" });
  });

  it("stops the command when stdin closes under a host's set -euo pipefail (the watchdog's read ends)", async () => {
    const sleeper = `sleep 30.${process.pid}${Date.now() % 100_000}`;
    for (const input of [false, true]) {
      const r = await asLoginShell(remoteCommand(`echo started; ${sleeper}`, { input }), "started\n", strict());
      expect(r.code).not.toBe(0);
      expect(await waitGone(sleeper)).toEqual([]);
    }
  });

  it("reports the exit status under a host's set -e; its ERR trap runs for the command's failures alone", async () => {
    for (const input of [false, true]) {
      // Each way (as the leader, as a job, with input) marks the status with the run's nonce.
      const ok = await asLoginShell(remoteCommand("echo hi", { input, nonce: "0123456789ab" }), undefined, strict());
      expect(ok).toMatchObject({ code: 0, stdout: "hi\n", stderr: "\x1fdk-exit:0123456789ab:0\n" });
      // The host's set -e ends the command at `false`, as under plain ssh; 255 is the command's, not ssh's. Its ERR
      // trap holds in the shell that runs the command: the login shell, or the bash of a job (which reads BASH_ENV).
      const failed = await asLoginShell(remoteCommand("false; echo after", { input }), undefined, strict());
      expect(failed).toMatchObject({ code: 1, stdout: "", stderr: "ERR-TRAP\n\x1fdk-exit::1\n" });
      const code = await asLoginShell(remoteCommand("exit 255", { input }), undefined, strict());
      expect(code).toMatchObject({ code: 255, stderr: "\x1fdk-exit::255\n" });
    }
  });
});

describe.each(["sh", "bash"])("remoteCommand, login shell %s, a session leader", (loginShell) => {
  beforeEach(() => void ((shell = loginShell), (leader = true)));

  it("kills what ignores TERM 5 s after stdin closes (the watchdog's KILL, from sh)", async () => {
    const marker = `dk-marker-${process.pid}-${Date.now()}`;
    const deaf = `trap '' TERM; sh -c 'sleep 30; : ${marker}' & echo started; wait`;
    // collect fails the test at 20 s, before the sleep ends: only the KILL ends it sooner.
    const r = await asLoginShell(remoteCommand(deaf), "started\n");
    expect(r.signal).toBe("SIGKILL");
    expect(await waitGone(marker)).toEqual([]);
  });
});

describe.each(["sh", "bash", "fish", "tcsh"])(
  "remoteCommand under a guardian, login shell %s, a session leader",
  (loginShell) => {
    beforeEach(() => void ((shell = loginShell), (leader = true)));
    const count = "echo ${__dk_g-}${__dk_t-}${__dk_w-}.; ps -o pid= -g $$ | wc -l";

    it("registers its shell's pid under its token in the guardian's list, and starts no watchdog", async () => {
      const list = join(mkdtempSync(join(tmpdir(), "dk-guard-")), "list");
      writeFileSync(list, "+1 1\n");
      const r = await asLoginShell(guarded(remoteCommand(`${count}; echo $$`), list, 42));
      // The supervisor's variables are gone before the command runs; the group is the shell, ps and wc.
      const [vars, processes, pid] = r.stdout.split(/\s+/).filter(Boolean);
      expect([r.code, vars, processes]).toEqual([0, ".", "3"]);
      expect(readFileSync(list, "utf8")).toBe(`+1 1\n+42 ${pid}\n`);
    });

    it("trips no ERR trap nor set -e of the host's (its shell has no watchdog to kill at exit)", async () => {
      const list = join(mkdtempSync(join(tmpdir(), "dk-guard-")), "list");
      const r = await asLoginShell(guarded(remoteCommand("echo hi", { nonce: "abc" }), list, 7), undefined, strict());
      expect(r).toMatchObject({ code: 0, stdout: "hi\n", stderr: "\x1fdk-exit:abc:0\n" });
    });

    it("starts its own watchdog when it cannot write to the list", async () => {
      const r = await asLoginShell(guarded(remoteCommand(count), "/nonexistent-dk/list", 1));
      expect(r.stdout.split(/\s+/).filter(Boolean)).toEqual([".", "4"]);
    });
  },
);

describe("guarded", () => {
  it("refuses a line that is not a remoteCommand's, which has no word to put its variables in", () => {
    expect(() => guarded("echo hi", "/tmp/list", 1)).toThrow(/Expected a line made by inBash, got "echo hi"/);
  });
});
