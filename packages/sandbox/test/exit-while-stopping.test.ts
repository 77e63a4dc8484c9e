// A process that exits while a fleet's stop() is under way (dk exits once a task's Ctrl-C is handled, while the
// task's `finally` still awaits the stop) leaves nothing of the fleet: the clean-up at exit stays until stop() is done.
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { collect } from "../src/index.ts";
import { attempt } from "../src/netns/exec.ts";
import { namespacePids } from "../src/netns/namespace.ts";
import { killWatchers } from "./helpers/watchers.ts";

const source = JSON.stringify(new URL("../src/index.ts", import.meta.url).pathname);
const asRoot = process.getuid?.() === 0;
const node = ["--import", "tsx", "--input-type=module", "-e"];

// Starts a fleet, prints what it made, and at a line on stdin calls its stop() and exits without waiting for it.
const exitWhileStopping = (start: string, shown: string) => `
  const sandbox = await import(${source});
  const fleet = await sandbox.${start};
  console.log(JSON.stringify(${shown}));
  process.stdin.once("data", () => {
    void fleet.stop();
    process.exit(0);
  });`;

describe("an exit while a fleet stops", () => {
  it("removes a loopback sandbox's directory before the process ends (its watcher aside)", async () => {
    const script = exitWhileStopping("startSandbox({ hosts: 1 })", "fleet.dir");
    let dir = "";
    const r = await collect(process.execPath, [...node, script], {
      openStdin: true,
      onOutput: {
        text: "\n",
        // The watcher would remove it too, a moment later: this is about the process's own clean-up.
        act: (child) => killWatchers(child.pid!) === 1 && child.stdin!.end("stop\n"),
      },
      onSpawn: (child) => child.stdout!.once("data", (line: string) => (dir = JSON.parse(line) as string)),
    });
    expect([r.code, r.stderr, dir === ""]).toEqual([0, "", false]);
    expect(existsSync(dir)).toBe(false);
  });

  it("removes a netns fleet's namespaces and directory", async () => {
    if (!asRoot) throw new Error("netns test hosts need root: run the tests as root, as CI does");
    const script = exitWhileStopping(
      "startNetnsHosts({ hosts: [{}, {}] })",
      "[fleet.dir, ...fleet.hosts.map((h) => h.namespace)]",
    );
    let made: string[] = [];
    const r = await collect(process.execPath, [...node, script], {
      openStdin: true,
      onOutput: { text: "\n", act: (child) => child.stdin!.end("stop\n") },
      onSpawn: (child) => child.stdout!.once("data", (line: string) => (made = JSON.parse(line) as string[])),
    });
    const [dir, ...names] = made;
    const left = () => (attempt("ip", ["netns", "list"]) ?? "").split("\n").map((line) => line.split(" ")[0]!);
    try {
      expect([r.code, r.stderr, names.length]).toEqual([0, "", 2]);
      expect([existsSync(dir!), left().filter((name) => names.includes(name))]).toEqual([false, []]);
    } finally {
      for (const name of names) {
        for (const pid of namespacePids(name)) process.kill(pid, "SIGKILL");
        attempt("ip", ["netns", "del", name]);
      }
    }
  });
});
