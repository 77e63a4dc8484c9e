import { waitUntil } from "@deploykit/sandbox";
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { CommandError } from "../src/errors.ts";
import type { Host } from "../src/host.ts";
import { useFleet } from "./helpers/fleet.ts";
import { marker, pidsMatching, waitGone } from "./helpers/processes.ts";
import { runScript } from "./helpers/script.ts";

// A host per test: a connection's first command is the one that differs, and each host's connection is this file's.
const fleet = useFleet({ hosts: 7 });
// One session per connection: no room for a guardian beside a command.
const narrow = useFleet({ sshdConfig: ["Match all", "MaxSessions 1"] });
// Room for the guardian and two commands: a third at once is refused a session.
const trio = useFleet({ sshdConfig: ["Match all", "MaxSessions 3"] });
// A host whose sessions, once a flag file exists, sleep in ~/.bashrc (bash reads it under sshd) before the command's
// shell gets to register with the guardian.
const slow = useFleet({ hosts: 1 });
const quiet = { stdout: "pipe", echo: false } as const;

// The processes of the command's own group: the shell, ps and wc, and a watchdog when it has one.
const COUNT = "ps -o pid= -g $$ | wc -l";
// The list of a live guardian that holds this command's pid (a guarded command's shell registered there): a list a
// killed guardian left (other tests kill theirs) may hold the same pid, reused since.
const LIST =
  'for f in "${TMPDIR:-/tmp}"/dk-guard.*/list; do grep -q "^+[0-9]* $$\\$" "$f" && ' +
  'read -r p _ <"${f%/list}/owner" && kill -0 "$p" && echo "$f"; done 2>/dev/null; :';

// Runs commands on `host` until one runs under the guardian (no watchdog beside it); the tries it took.
async function untilGuarded(host: Host): Promise<number> {
  for (let i = 1; i <= 30; i++) if ((await host.run(COUNT, quiet)).stdout.trim() === "3") return i;
  throw new Error("no command ran under a guardian in 30 tries");
}
const UNTIL_GUARDED = `
  let tries = 0;
  while ((await host.run(${JSON.stringify(COUNT)}, quiet)).stdout.trim() !== "3") {
    if (++tries === 30) throw new Error("never guarded");
  }
  const list = (await host.run(${JSON.stringify(LIST)}, quiet)).stdout.trim();
  console.log("LIST " + list);
`;

// A script that runs `body` with `host`, the fleet's host `index` over the native transport.
function hostScript(index: number, body: string, of = fleet): string {
  const { spec, hostOptions } = of.sandbox;
  return `
    const host = core.parseHosts(${JSON.stringify(spec)}, { ...${JSON.stringify(hostOptions)}, transport: "native" })
      .hosts[${index}];
    const quiet = ${JSON.stringify(quiet)};
    ${UNTIL_GUARDED}
    ${body}
  `;
}
const listOf = (stdout: string) => /^LIST (\/\S+)$/m.exec(stdout)?.[1];

// The guardians of the connection whose commands see `sshClient` as $SSH_CLIENT (its address and source port).
function guardiansOf(sshClient: string): number[] {
  const read = (pid: string, file: string) => {
    try {
      return readFileSync(`/proc/${pid}/${file}`, "utf8");
    } catch {
      return "";
    }
  };
  return readdirSync("/proc")
    .filter((pid) => /^\d+$/.test(pid) && read(pid, "cmdline").includes("declare -A gone"))
    .filter((pid) => read(pid, "environ").split("\0").includes(`SSH_CLIENT=${sshClient}`))
    .map(Number);
}

// Makes the slow host's sessions sleep 2 s in ~/.bashrc while `flag` exists, first creating `started`.
function slowSessions(): { flag: string; started: string } {
  const home = slow.sandbox.home;
  const [flag, started] = [join(home, "slow"), join(home, "slow.started")];
  rmSync(started, { force: true });
  writeFileSync(join(home, ".bashrc"), `if [ -e ${flag} ]; then : >${started}; sleep 2; fi\n`);
  return { flag, started };
}

// The directory `dir` as a guardian killed with SIGKILL would leave it: its owner file (a pid past pid_max, so surely
// gone, unless `pid` is given) and a list of commands, with `mode` and, if `host`, as if of another machine.
function leftDir(dir: string, opts: { mode?: number; pid?: number; host?: string; running?: number }): string {
  mkdirSync(dir, { mode: 0o700 });
  chmodSync(dir, opts.mode ?? 0o700);
  const gone = Number(readFileSync("/proc/sys/kernel/pid_max", "utf8"));
  writeFileSync(join(dir, "owner"), `${opts.pid ?? gone} ${opts.host ?? hostname()}\n`);
  writeFileSync(join(dir, "list"), `+1 ${gone}\n${opts.running === undefined ? "" : `+2 ${opts.running}\n`}`);
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe("a native connection's guardian", () => {
  it("takes over from the watchdogs with the connection's second command, and keeps them off", async () => {
    const host = fleet.group({ transport: "native" }).hosts[0]!;
    expect((await host.run(COUNT, quiet)).stdout.trim()).toBe("4");
    await untilGuarded(host);
    for (let i = 0; i < 3; i++) expect((await host.run(COUNT, quiet)).stdout.trim()).toBe("3");
  });

  it("stops a guarded command at its timeout: its whole group, and KILL 5 s later for what ignores TERM", async () => {
    const host = fleet.group({ transport: "native" }).hosts[1]!;
    await untilGuarded(host);
    const tag = marker("guard-deaf");
    const deaf = `trap '' TERM; sh -c 'sleep 30; : ${tag}' & echo started; wait`;
    const error = await host.run(deaf, { ...quiet, timeout: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).timedOut).toBe(true);
    // Still there past the TERM: only the KILL ends it (the sleep has 30 s to go, and the wait 20).
    expect(pidsMatching(tag).length).toBeGreaterThan(0);
    expect(await waitGone(tag)).toEqual([]);
  }, 40_000);

  it("stops what still runs when the controller is killed, and removes its list", async () => {
    const tag = marker("guard-killed");
    const info = join(mkdtempSync(join(tmpdir(), "dk-guard-")), "info");
    const write = `(await import("node:fs")).writeFileSync(${JSON.stringify(info)}, process.pid + " " + list);`;
    const run = `await host.run("sh -c 'sleep 30; : ${tag}' & echo started; wait", quiet);`;
    const done = runScript(hostScript(2, `${write}\n${run}`));
    await waitUntil(() => pidsMatching(tag).length > 0, "the guarded command to start");
    // The script's own process (tsx runs it in a child of its own).
    const [pid, list] = readFileSync(info, "utf8").split(" ") as [string, string];
    process.kill(Number(pid), "SIGKILL");
    await done;
    expect(list).toMatch(/^\//);
    expect(await waitGone(tag)).toEqual([]);
    await waitUntil(() => !existsSync(dirname(list)), "the guardian to remove its directory");
  }, 40_000);

  it("leaves what an ended command left running, also past its own EXIT trap, and itself goes at exit", async () => {
    const job = `sleep 30.${process.pid}${Date.now() % 100_000}`;
    const leave = `trap : EXIT; ${job} </dev/null >/dev/null 2>&1 & echo $!`;
    const r = await runScript(
      hostScript(3, `console.log("JOB " + (await host.run(${JSON.stringify(leave)}, quiet)).stdout);`),
    );
    const kept = Number(/^JOB (\d+)/m.exec(r.stdout)?.[1]);
    try {
      expect(r.code, r.stderr).toBe(0);
      const list = listOf(r.stdout)!;
      await waitUntil(() => !existsSync(dirname(list)), "the guardian to remove its directory");
      expect(pidsMatching(job)).toEqual([kept]);
    } finally {
      if (kept > 0) process.kill(kept, "SIGKILL");
    }
  }, 40_000);

  it("stops a guarded command whose guardian its host killed, with a session of its own, KILL included", async () => {
    const host = fleet.group({ transport: "native" }).hosts[4]!;
    await untilGuarded(host);
    const guardians = guardiansOf((await host.run('echo "$SSH_CLIENT"', quiet)).stdout.trim());
    expect(guardians).toHaveLength(1);
    // A killed guardian leaves its directory behind: the test removes it.
    const list = (await host.run(LIST, quiet)).stdout.trim();
    expect(list).toMatch(/^\/.*\/dk-guard\.\w+\/list$/);
    onTestFinished(() => rmSync(dirname(list), { recursive: true, force: true }));
    const tag = marker("guard-gone");
    const stop = new AbortController();
    const deaf = `trap '' TERM; sh -c 'sleep 30; : ${tag}' & echo started; wait`;
    const running = host.run(deaf, { ...quiet, signal: stop.signal }).catch((e: unknown) => e);
    await waitUntil(() => pidsMatching(tag).length > 0, "the guarded command to start");
    process.kill(guardians[0]!, "SIGKILL");
    // The connection saw its guardian go once its next command runs with a watchdog again.
    await waitUntil(
      async () => (await host.run(COUNT, quiet)).stdout.trim() === "4",
      "the guardian's session to close",
    );
    stop.abort();
    expect(await running).toBeInstanceOf(CommandError);
    expect(pidsMatching(tag).length).toBeGreaterThan(0);
    expect(await waitGone(tag)).toEqual([]);
  }, 40_000);

  it("stops its commands and removes its directory when a signal ends it", async () => {
    const host = fleet.group({ transport: "native" }).hosts[5]!;
    await untilGuarded(host);
    const [guardian] = guardiansOf((await host.run('echo "$SSH_CLIENT"', quiet)).stdout.trim());
    const list = (await host.run(LIST, quiet)).stdout.trim();
    const tag = marker("guard-term");
    const running = host.run(`sleep 30; : ${tag}`, { ...quiet, stderr: "pipe" }).catch((e: unknown) => e);
    await waitUntil(() => pidsMatching(tag).length > 0, "the guarded command to start");
    process.kill(guardian!, "SIGTERM");
    expect(await running).toBeInstanceOf(CommandError);
    expect(await waitGone(tag)).toEqual([]);
    await waitUntil(() => !existsSync(dirname(list)), "the guardian to remove its directory");
  }, 40_000);

  it("removes as it starts what a SIGKILLed one left, of this user alone, once nothing there runs", async () => {
    const host = fleet.group({ transport: "native" }).hosts[6]!;
    await untilGuarded(host);
    const [guardian] = guardiansOf((await host.run('echo "$SSH_CLIENT"', quiet)).stdout.trim());
    const killed = dirname((await host.run(LIST, quiet)).stdout.trim());
    onTestFinished(() => rmSync(killed, { recursive: true, force: true }));
    process.kill(guardian!, "SIGKILL");
    await waitUntil(() => !existsSync(`/proc/${guardian}`), "the guardian to go");
    const tmp = dirname(killed);
    const name = join(tmp, `dk-guard.${basename(marker("left"))}`);
    const left = leftDir(`${name}-gone`, {});
    // Killed right after mktemp, before it wrote its owner: empty, removed once it is old enough to be surely dead.
    const ownerless = (dir: string, ageMs: number) => {
      mkdirSync(dir, { mode: 0o700 });
      onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
      const when = new Date(Date.now() - ageMs);
      utimesSync(dir, when, when);
      return dir;
    };
    const unowned = ownerless(`${name}-unowned`, 120_000);
    const kept = [
      ownerless(`${name}-starting`, 0),
      leftDir(`${name}-open`, { mode: 0o755 }),
      leftDir(`${name}-running`, { running: process.pid }),
      leftDir(`${name}-live`, { pid: process.pid }),
      leftDir(`${name}-elsewhere`, { host: `not-${hostname()}` }),
      // A link to a directory the sweep would remove, were it in its way: what it names is not its to follow.
      leftDir(join(tmp, basename(marker("linked"))), {}),
    ];
    symlinkSync(kept.at(-1)!, `${name}-link`);
    onTestFinished(() => rmSync(`${name}-link`, { force: true }));
    kept.push(`${name}-link`);
    if (process.getuid?.() === 0) {
      const theirs = leftDir(`${name}-theirs`, {});
      chownSync(theirs, 65534, 65534);
      kept.push(theirs);
    }
    await host.closeConnection();
    await untilGuarded(host);
    // Its own directory goes once it ends, which is after its sweep.
    const own = dirname((await host.run(LIST, quiet)).stdout.trim());
    await host.closeConnection();
    await waitUntil(() => !existsSync(own), "the new guardian to end");
    expect([killed, left, unowned].filter((dir) => existsSync(dir))).toEqual([]);
    expect(kept.filter((dir) => !existsSync(dir))).toEqual([]);
  }, 40_000);

  it("stops a command whose stop reached the guardian before its shell registered: it never starts", async () => {
    const host = slow.group({ transport: "native" }).hosts[0]!;
    await untilGuarded(host);
    const { flag, started } = slowSessions();
    writeFileSync(flag, "");
    const tag = marker("guard-early");
    const stop = new AbortController();
    const running = host.run(`sleep 30; : ${tag}`, { ...quiet, signal: stop.signal }).catch((e: unknown) => e);
    try {
      // The session's shell is in ~/.bashrc: it has not registered yet when the stop reaches the guardian.
      await waitUntil(() => existsSync(started), "the session to reach ~/.bashrc");
      stop.abort();
      expect(await running).toBeInstanceOf(CommandError);
      // The shell (its command line holds the tag) goes once past ~/.bashrc, instead of running the sleep.
      expect(await waitGone(tag)).toEqual([]);
    } finally {
      rmSync(flag, { force: true });
    }
  }, 40_000);

  it("stops a command whose controller was killed before its shell registered", async () => {
    const { flag, started } = slowSessions();
    const tag = marker("guard-early-killed");
    const info = join(mkdtempSync(join(tmpdir(), "dk-guard-")), "info");
    const fs = `(await import("node:fs"))`;
    const body = `${fs}.writeFileSync(${JSON.stringify(info)}, String(process.pid));
      ${fs}.writeFileSync(${JSON.stringify(flag)}, "");
      await host.run("sleep 30; : ${tag}", quiet);`;
    const done = runScript(hostScript(0, body, slow));
    try {
      await waitUntil(() => existsSync(started), "the session to reach ~/.bashrc");
      process.kill(Number(readFileSync(info, "utf8")), "SIGKILL");
      await done;
      expect(await waitGone(tag)).toEqual([]);
    } finally {
      rmSync(flag, { force: true });
    }
  }, 40_000);

  it("gives way only once no other command of the connection is starting: three at once all run", async () => {
    const host = trio.group({ transport: "native" }).hosts[0]!;
    await untilGuarded(host);
    const commands = ["sleep 0.3; echo a", "sleep 0.3; echo b", "echo c"];
    for (let i = 0; i < 5; i++) {
      const all = await Promise.all(commands.map((c) => host.run(c, quiet)));
      expect(all.map((r) => r.stdout)).toEqual(["a\n", "b\n", "c\n"]);
    }
  });

  it("gives way on a host that allows one session per connection: every command still runs", async () => {
    const host = narrow.group({ transport: "native" }).hosts[0]!;
    for (let i = 0; i < 6; i++) expect((await host.run(COUNT, quiet)).stdout.trim()).toBe("4");
    const together = await Promise.all([1, 2, 3].map((i) => host.run(`echo ${i}`, quiet)));
    expect(together.map((r) => r.stdout)).toEqual(["1\n", "2\n", "3\n"]);
  });
});
