// A process that exits while its sandbox is still starting (process.exit from a Ctrl-C handler, an uncaught error)
// leaves nothing of it behind: the clean-up at exit covers what has started so far.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collect, waitUntil } from "../src/index.ts";
import { attempt } from "../src/netns/exec.ts";
import { namespacePids } from "../src/netns/namespace.ts";

const source = JSON.stringify(new URL("../src/index.ts", import.meta.url).pathname);
const asRoot = process.getuid?.() === 0;

// A script that starts `start` and calls process.exit once `when(file, args, child)` says so for a child spawned.
const exitDuring = (start: string, when: string) => `
  import cp from "node:child_process";
  import { existsSync } from "node:fs";
  import { syncBuiltinESMExports } from "node:module";
  const spawn = cp.spawn;
  cp.spawn = (file, args, options) => {
    const child = spawn(file, args, options);
    const exit = (${when})(file, args, child);
    if (exit) exit.then(() => process.exit(0));
    return child;
  };
  syncBuiltinESMExports();
  const sandbox = await import(${source});
  await sandbox.${start};
  console.log("started");`;

// Running: /proc knows it and it is no zombie.
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

describe("an exit while the sandbox starts", () => {
  it("ends the sshd already listening (without setpriv, which would end them anyway)", async () => {
    // Once the first sshd wrote its pid file (it listens), before the sandbox knows all of them do.
    const when = `(file, args, child) => args.includes("-D") && new Promise((resolve) => {
      const pidFile = args[args.indexOf("-f") + 1].replace("sshd_config", "sshd") + ".pid";
      const poll = setInterval(() => existsSync(pidFile) && (clearInterval(poll), resolve()), 2);
      console.log(child.pid);
    })`;
    // A PATH with ssh-keygen alone: no setpriv.
    const bin = mkdtempSync(join(tmpdir(), "dk-no-setpriv-"));
    mkdirSync(join(bin, "bin"));
    symlinkSync("/usr/bin/ssh-keygen", join(bin, "bin/ssh-keygen"));
    const env = { ...process.env, PATH: join(bin, "bin") };
    const script = exitDuring("startSandbox({ hosts: 40 })", when);
    const r = await collect(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { env });
    rmSync(bin, { recursive: true, force: true });
    const pids = r.stdout.split("\n").filter(Boolean).map(Number);
    expect([r.stderr, pids.length > 0, r.stdout.includes("started")]).toEqual(["", true, false]);
    try {
      await waitUntil(() => !pids.some(alive), "the sshd of the sandbox to end", 10_000);
    } finally {
      // When they outlived the process, the test ends them (they are its child's).
      for (const pid of pids.filter(alive)) process.kill(pid, "SIGTERM");
    }
  });

  it("removes the netns hosts' namespaces already made", async () => {
    if (!asRoot) throw new Error("netns test hosts need root: run the tests as root, as CI does");
    const when = `(file, args) => file === "ip" && args[1] === "exec" && (console.log(args[2]), Promise.resolve())`;
    const script = exitDuring("startNetnsHosts({ hosts: [{}, {}] })", when);
    const r = await collect(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script]);
    const names = r.stdout.split("\n").filter(Boolean);
    const left = () => (attempt("ip", ["netns", "list"]) ?? "").split("\n").map((line) => line.split(" ")[0]!);
    try {
      expect([r.stderr, names.length > 0]).toEqual(["", true]);
      expect(left().filter((name) => name.startsWith(`dkr-${names[0]!.split("-")[1]}-`))).toEqual([]);
    } finally {
      for (const name of names) {
        for (const pid of namespacePids(name)) process.kill(pid, "SIGKILL");
        attempt("ip", ["netns", "del", name]);
      }
    }
  });
});
