// A sandbox whose process dies without its clean-up (a signal it has no listener for, SIGKILL) leaves nothing for
// long: its watcher ends the sshd and what runs on the hosts, and removes the directory, before any next start.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { collect, waitUntil } from "../src/index.ts";

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

// Starts a sandbox, a command on its host, and prints the directory, the sshd and the command's PID.
const script = `const { startSandbox } = await import(${source});
  const { spawn } = await import("node:child_process");
  const s = await startSandbox({ hosts: 2 });
  const { sshArgv } = await import(${helper});
  const argv = [...sshArgv(s), \`\${s.user}@\${s.addresses[0]}\`, "echo $$; exec sleep 300"];
  const client = spawn("ssh", argv, { stdio: ["ignore", "pipe", "ignore"] });
  const print = (line) => console.log(JSON.stringify({ dir: s.dir, pids: s.pids, command: Number(line) }));
  client.stdout.once("data", print);
  setInterval(() => {}, 1000);`;

describe("a sandbox whose process dies without its clean-up", () => {
  it.each(["SIGINT", "SIGTERM", "SIGKILL"] as const)(
    "(%s) has its directory, sshd and remote commands go at once",
    async (signal) => {
      const r = await collect(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        onOutput: { text: "\n", act: (child) => child.kill(signal) },
      });
      expect([r.signal, r.stderr]).toEqual([signal, ""]);
      const { dir, pids, command } = JSON.parse(r.stdout) as { dir: string; pids: number[]; command: number };
      try {
        const gone = () => !existsSync(dir) && ![...pids, command].some(alive);
        await waitUntil(gone, "the sandbox's directory, sshd and command to go", 10_000);
      } finally {
        for (const pid of [...pids, command].filter(alive)) process.kill(pid, "SIGKILL");
      }
    },
  );
});
