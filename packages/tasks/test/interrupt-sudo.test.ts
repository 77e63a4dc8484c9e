import { execFileSync, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { collect, createSudoUser, waitUntil, type SudoUser } from "@deploykit/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dk } from "./helpers/dk.ts";
import { useFleet } from "./helpers/fleet.ts";
import { dkBin, fixture, tempDir } from "./helpers/paths.ts";

// Registered first: its beforeAll runs before ours, its afterAll (stopping the fleet) after ours.
const fleet = useFleet({ hosts: 3 });
let user: SudoUser | undefined;
const PASSWORD = `dk ${process.pid} "pw"`;

beforeAll(() => {
  chmodSync(fleet.sandbox.dir, 0o755);
  user = createSudoUser(`dk-ask-${process.pid}`, PASSWORD, fleet.sandbox.home);
});

afterAll(async () => {
  await user?.remove();
});

const pids = (marker: string) =>
  spawnSync("pgrep", ["-f", `sleep 60; : ${marker}`], { encoding: "utf8" })
    .stdout.split("\n")
    .filter(Boolean);

describe("interrupting dk", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("%s names the hosts it stops, exits %i, and leaves nothing running on them", async (signal, code) => {
    const marker = `dk-stop-${signal}-${process.pid}`;
    const r = await dk(["-f", fixture("fleet"), "sleepy", ...fleet.hostFlags(), "--marker", marker], {
      // Only once every host runs its command: the signal then finds three commands to stop, however busy the machine.
      onOutput: {
        text: (out) => out.match(/^\[127\.0\.0\.\d+\] started$/gm)?.length === 3,
        // A while later, so that each host's time to show is at least that, not a rounded 0.0 s.
        act: (c) => void setTimeout(() => c.kill(signal), 300),
      },
      timeoutMs: 30_000,
    });
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(
      new RegExp(`dk: interrupted \\(${signal}\\); stopping the commands on (127\\.0\\.0\\.\\d(, )?){3}`),
    );
    // The summary shows each host stopped (dk waited for the stop: its code, 130), and how long it ran, not 0.0 s.
    const rows = /^127\.0\.0\.\d+ +stopped +130 +(\d+\.\d)s +was interrupted$/gm;
    const times = [...r.stdout.matchAll(rows)].map((match) => Number(match[1]));
    expect(times, r.stdout).toHaveLength(3);
    for (const time of times) expect(time, r.stdout).toBeGreaterThan(0);
    expect(r.stdout).toMatch(/^3 hosts: 0 ok, 0 failed, 3 stopped$/m);
    await waitUntil(() => pids(marker).length === 0, "the remote commands to be gone");
  });

  it("under --json: each host it stopped is stopped in the document, not failed", async () => {
    const marker = `dk-stop-json-${process.pid}`;
    const args = ["-f", fixture("fleet"), "--json", "sleepy", ...fleet.hostFlags(), "--marker", marker];
    // The tagged lines go to stderr under --json: the signal goes once the three hosts said they started.
    let said: string | undefined = "";
    const started = (c: ChildProcess) =>
      c.stderr?.on("data", (chunk: Buffer | string) => {
        // Once: a second Ctrl-C would not wait for the stops.
        if (said === undefined) return;
        said += String(chunk);
        if (said.match(/^\[127\.0\.0\.\d+\] started$/gm)?.length === 3) void ((said = undefined), c.kill("SIGINT"));
      });
    const r = await collect(process.execPath, [dkBin, ...args], {
      env: { ...process.env, NO_COLOR: "1", DK_CACHE_DIR: tempDir("dk-cache-") },
      onSpawn: started,
      timeoutMs: 30_000,
    });
    expect(r.code).toBe(130);
    const hosts = (JSON.parse(r.stdout) as { hosts: { ok: boolean; halted: string | null }[] }).hosts;
    expect(hosts.map(({ ok, halted }) => [ok, halted])).toEqual([
      [false, "stopped"],
      [false, "stopped"],
      [false, "stopped"],
    ]);
    await waitUntil(() => pids(marker).length === 0, "the remote commands to be gone");
  });
});

describe("--ask-sudo-password", () => {
  const spec = () => fleet.sandbox.spec.replaceAll(`${fleet.sandbox.user}@`, `${user!.name}@`);

  it("reads the password once (here from piped stdin) and every host's sudo gets it", async () => {
    const r = await dk(
      [
        "--ask-sudo-password",
        "--verbose",
        "-f",
        fixture("fleet"),
        "whoami",
        "--hosts",
        spec(),
        "--key",
        fleet.sandbox.key,
      ],
      { input: `${PASSWORD}\n` },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.match(/\] as=root$/gm)).toHaveLength(3);
    expect(r.stderr).toContain("sudo password for the hosts: ");
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
  });

  it("on a terminal, prompts without echo (tmux)", async () => {
    const socket = `dk-ask-test-${process.pid}`;
    const script = join(tempDir("dk-ask-"), "run.sh");
    const words = [
      process.execPath,
      dkBin,
      "--ask-sudo-password",
      "-f",
      fixture("fleet"),
      "whoami",
      "--hosts",
      spec(),
      "--key",
      fleet.sandbox.key,
    ];
    writeFileSync(
      script,
      `${words.map((w) => `'${w.replaceAll("'", "'\\''")}'`).join(" ")}\necho "EXIT=$?"\nsleep 60\n`,
    );
    const tmux = (...args: string[]) => execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
    tmux("-f", "/dev/null", "new-session", "-d", "-s", "ask", "-x", "120", "-y", "30", `bash ${script}`);
    try {
      const screen = async (until: RegExp) => {
        for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(100)) {
          const text = tmux("capture-pane", "-p", "-t", "ask");
          if (until.test(text)) return text;
        }
        throw new Error(`no ${until} on the screen:\n${tmux("capture-pane", "-p", "-t", "ask")}`);
      };
      await screen(/sudo password for the hosts:/);
      tmux("send-keys", "-t", "ask", "-l", PASSWORD);
      tmux("send-keys", "-t", "ask", "Enter");
      const final = await screen(/^EXIT=\d+$/m);
      expect(final).toMatch(/^EXIT=0$/m);
      expect(final).not.toContain(PASSWORD);
    } finally {
      spawnSync("tmux", ["-L", socket, "kill-server"], { stdio: "ignore" });
    }
  });

  it("a wrong password fails every host clearly, without showing it", async () => {
    const r = await dk(
      ["--ask-sudo-password", "-f", fixture("fleet"), "whoami", "--hosts", spec(), "--key", fleet.sandbox.key],
      { input: "not-it\n" },
    );
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/3 of 3 hosts failed/);
    expect(r.stdout + r.stderr).toMatch(/incorrect password/);
    expect(r.stdout + r.stderr).not.toContain("not-it");
  });

  it("without it, sudo -n says a password is required", async () => {
    const r = await dk(["-f", fixture("fleet"), "whoami", "--hosts", spec(), "--key", fleet.sandbox.key]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/a password is required/);
  });
});
