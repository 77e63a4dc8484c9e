import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { stripVTControlCharacters } from "node:util";
import { collect, waitUntil } from "@deploykit/sandbox";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { useFleet } from "./helpers/fleet.ts";
import { dkBin, fixture, tempDir } from "./helpers/paths.ts";

// Ctrl-C (and SIGTERM) stop the commands running then, and dk shows what they say as they stop (a trap's cleanup)
// before its summary: locally, and on hosts over either transport (over ssh, the client is not killed first).
const fleet = useFleet({ hosts: 2 });
beforeAll(ensureBuilt, BUILD_HOOK_MS);
const file = fixture("trap");
// The dk process (not the shell or `script` around it) whose command line ends with `marker`.
const dkPid = (marker: string) => {
  const found = spawnSync("pgrep", ["-f", `marker ${marker}$`], { encoding: "utf8" }).stdout.split("\n");
  const pid = found.map(Number).find((p) => p > 0 && readFileSync(`/proc/${p}/cmdline`, "utf8").startsWith(dkArgv0));
  if (pid === undefined) throw new Error(`no dk process for ${marker}`);
  return pid;
};
const dkArgv0 = `${process.execPath}\0${dkBin}\0`;
// What a terminal shows, without its escapes and carriage returns.
const plain = (text: string) => stripVTControlCharacters(text).replaceAll("\r", "");
const left = (marker: string) => spawnSync("pgrep", ["-f", `: ${marker}`], { encoding: "utf8" }).stdout.trim();

async function interrupted(args: string[], started: number, signal: NodeJS.Signals) {
  const r = await dk(["-f", file, ...args], {
    onOutput: {
      text: (out) => out.match(/^\[[^\]]+\] started$/gm)?.length === started,
      act: (c) => void c.kill(signal),
    },
    timeoutMs: 30_000,
  });
  return r;
}

// `task` on both hosts over `transport`, Ctrl-C once both have started: dk's result, and where its summary starts.
async function onHosts(task: string, transport: string, marker: string) {
  const args = [task, "--transport", transport, ...fleet.hostFlags(), "--marker", marker];
  const r = await interrupted(args, 2, "SIGINT");
  expect(r.code, r.stderr).toBe(130);
  const table = r.stdout.indexOf("\nhost ");
  expect(table, r.stdout).toBeGreaterThan(0);
  return { r, table };
}

describe("after Ctrl-C", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("%s: a local command's trap is shown, once, and dk exits %i", async (signal, code) => {
    const marker = `dk-trap-local-${signal}-${process.pid}`;
    const r = await interrupted(["local", "--marker", marker], 1, signal);
    expect(r.code, r.stderr).toBe(code);
    const after = r.stdout.slice(r.stdout.indexOf("[localhost] started"));
    expect(after).toContain("[localhost] cleaning up\n[localhost] cleaned\n");
    expect(after.match(/cleaning up/g)).toHaveLength(1);
    await waitUntil(() => left(marker) === "", "the command to be gone");
  });

  it.each(["native", "openssh"])("over %s: each host's trap is shown before the summary", async (transport) => {
    const marker = `dk-trap-${transport}-${process.pid}`;
    const { r, table } = await onHosts("remote", transport, marker);
    for (const address of fleet.sandbox.addresses) {
      const said = r.stdout.indexOf(`[${address}] cleaned\n`);
      expect(said, r.stdout).toBeGreaterThan(r.stdout.indexOf(`[${address}] cleaning up\n`));
      expect(said, r.stdout).toBeLessThan(table);
    }
    expect(r.stdout).toMatch(/^2 hosts: 0 ok, 0 failed, 2 stopped$/m);
    await waitUntil(() => left(marker) === "", "the remote commands to be gone");
  });
});

describe("after Ctrl-C, a group call under way", () => {
  it("starts no more hosts (--limit 1: the second never starts) and dk does not wait", async () => {
    const marker = `dk-trap-limit-${process.pid}`;
    const args = ["remote", "--limit", "1", ...fleet.hostFlags(), "--marker", marker];
    const r = await interrupted(args, 1, "SIGINT");
    expect(r.code, r.stderr).toBe(130);
    const [first, second] = fleet.sandbox.addresses;
    expect(r.stdout).toContain(`[${first}] cleaned\n`);
    expect(r.stdout).not.toContain(`[${second}] `);
    expect(r.stdout).toMatch(new RegExp(`^${second!.replaceAll(".", "\\.")} +not started`, "m"));
    expect(r.stderr).not.toContain("waiting for task");
    await waitUntil(() => left(marker) === "", "the remote command to be gone");
  });
});

// A task's catch and finally blocks run after Ctrl-C, and the commands they start: dk waits for the task to end.
describe("after Ctrl-C, the task's own clean-up", () => {
  it("runs to its end locally, after the stopped command's trap", async () => {
    const marker = `dk-cleanup-local-${process.pid}`;
    const r = await interrupted(["cleanup", "--marker", marker], 1, "SIGINT");
    expect(r.code, r.stderr).toBe(130);
    expect(r.stdout).toMatch(/\[localhost\] cleaned\n(.*\n)*\[localhost\] clean-up done\n/);
    expect(r.stderr).toContain('dk: waiting for task "cleanup" to end: its clean-up runs commands on localhost (at');
    await waitUntil(() => left(marker) === "", "the command to be gone");
  });

  it.each(["native", "openssh"])("runs on each host over %s before the summary", async (transport) => {
    const marker = `dk-cleanup-${transport}-${process.pid}`;
    const { r, table } = await onHosts("cleanup", transport, marker);
    for (const address of fleet.sandbox.addresses) {
      const done = r.stdout.indexOf(`[${address}] clean-up done\n`);
      expect(done, r.stdout).toBeGreaterThan(r.stdout.indexOf(`[${address}] cleaned\n`));
      expect(done, r.stdout).toBeLessThan(table);
    }
    await waitUntil(() => left(marker) === "", "the remote commands to be gone");
  });

  it("is shown on a terminal too, where the live view stops at Ctrl-C", async () => {
    const marker = `dk-cleanup-tty-${process.pid}`;
    const { NO_COLOR: _n, FORCE_COLOR: _f, ...env } = process.env;
    const line = [process.execPath, dkBin, "-f", file, "cleanup", "--marker", marker].join(" ");
    const r = await collect("script", ["-qec", line, "/dev/null"], {
      env: { ...env, TERM: "xterm", DK_CACHE_DIR: tempDir("dk-cache-") },
      onOutput: {
        text: (out) => plain(out).includes("[localhost] started\n"),
        act: () => process.kill(dkPid(marker), "SIGINT"),
      },
      timeoutMs: 30_000,
    });
    expect(r.code, r.stdout).toBe(130);
    expect(plain(r.stdout)).toMatch(
      /\[localhost\] cleaning up\n\[localhost\] cleaned\n(.*\n)*\[localhost\] clean-up done\n/,
    );
  });

  it("is cut short by a second Ctrl-C", async () => {
    const marker = `dk-cleanup-second-${process.pid}`;
    const r = await dk(["-f", file, "stuck", "--marker", marker, "--seconds", "600"], {
      onOutput: { text: "[localhost] started", act: (c) => void c.kill("SIGINT") },
      onSpawn: (c) => {
        let said = "";
        c.stderr?.on("data", (chunk: Buffer) => {
          said += chunk.toString();
          if (said.includes("Ctrl-C again exits now")) c.kill("SIGINT");
        });
      },
      timeoutMs: 30_000,
    });
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain("dk: SIGINT again: stopping now");
    await waitUntil(() => left(marker) === "", "the clean-up's command to be gone");
  });

  it("that runs no command (it waits on its own) is not waited for", async () => {
    const marker = `dk-cleanup-never-${process.pid}`;
    const r = await interrupted(["stuck", "--marker", marker, "--seconds", "0"], 1, "SIGTERM");
    expect(r.code, r.stderr).toBe(143);
    expect(r.stderr).toBe("dk: interrupted (SIGTERM); stopping the commands on localhost\n");
  });
});
