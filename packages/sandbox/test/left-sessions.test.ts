// What runs on a sandbox's hosts goes with the sandbox, also what its sshd no longer parents: a daemon (a command in a
// session of its own) at stop(), and a command of a sandbox whose process and watcher were killed with SIGKILL at the
// next start.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { collect, startSandbox, waitUntil } from "../src/index.ts";
import { sshArgv } from "./helpers/ssh-argv.ts";
import { killWatchers } from "./helpers/watchers.ts";

const source = JSON.stringify(new URL("../src/index.ts", import.meta.url).pathname);
const helper = JSON.stringify(new URL("./helpers/ssh-argv.ts", import.meta.url).pathname);

// Running: /proc knows it and it is no zombie.
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

describe("what runs on a sandbox's hosts", () => {
  it("ends at stop(), a daemon that left its ssh session too", async () => {
    const sandbox = await startSandbox({ hosts: 1 });
    let pid = 0;
    try {
      const daemon = "setsid sleep 300 </dev/null >/dev/null 2>&1 & echo $!";
      const argv = [...sshArgv(sandbox), `${sandbox.user}@${sandbox.addresses[0]}`, daemon];
      pid = Number(execFileSync("ssh", argv, { encoding: "utf8", timeout: 30_000 }));
      expect(alive(pid)).toBe(true);
    } finally {
      await sandbox.stop();
    }
    try {
      await waitUntil(() => !alive(pid), "the daemon to end", 10_000);
    } finally {
      if (alive(pid)) process.kill(pid, "SIGKILL");
    }
  });

  it("of a sandbox whose process and watcher were killed with SIGKILL ends when the next sandbox starts", async () => {
    // The command's PID, then the ssh client's (a child of the script, which outlives it).
    const script = `const { startSandbox } = await import(${source});
      const { spawn } = await import("node:child_process");
      const s = await startSandbox({ hosts: 1 });
      const { sshArgv } = await import(${helper});
      const argv = [...sshArgv(s), \`\${s.user}@\${s.addresses[0]}\`, "echo $$; exec sleep 300"];
      const client = spawn("ssh", argv, { stdio: ["ignore", "pipe", "ignore"] });
      client.stdout.once("data", (line) => console.log(JSON.stringify({ command: Number(line), client: client.pid })));
      setInterval(() => {}, 1000);`;
    // Its watcher first: the next start is left to end what runs.
    let watchers = 0;
    const r = await collect(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      onOutput: { text: "\n", act: (child) => (watchers = killWatchers(child.pid!)) && child.kill("SIGKILL") },
    });
    expect(r.stderr).toBe("");
    const { command, client } = JSON.parse(r.stdout) as { command: number; client: number };
    try {
      expect([r.signal, watchers, alive(command)]).toEqual(["SIGKILL", 1, true]);
      const next = await startSandbox({ hosts: 1 });
      await next.stop();
      await waitUntil(() => !alive(command), "the killed sandbox's command to end", 10_000);
    } finally {
      for (const pid of [command, client].filter(alive)) process.kill(pid, "SIGKILL");
    }
  });
});
