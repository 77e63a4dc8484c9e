// A netns fleet whose process was killed with SIGKILL (no clean-up runs): the next fleet's start removes what it left.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collect, startNetnsHosts, waitUntil } from "../src/index.ts";
import { attempt } from "../src/netns/exec.ts";
import { namespacePids } from "../src/netns/namespace.ts";
import { RESERVATIONS_DIR } from "../src/netns/reservations.ts";

const asRoot = process.getuid?.() === 0;
const namespaces = () => (attempt("ip", ["netns", "list"]) ?? "").split("\n").map((line) => line.split(" ")[0]!);
const unreachable = () => attempt("ip", ["route", "show", "type", "unreachable"]) ?? "";

describe("a netns fleet killed with SIGKILL", () => {
  it.each([
    ["", false],
    [", also when its directory was removed since (a test run's temporary directory)", true],
  ])(
    "leaves namespaces, processes and routes that the next fleet's start removes, with its directory%s",
    async (_, gone) => {
      if (!asRoot) throw new Error("netns test hosts need root: run the tests as root, as CI does");
      const tmp = mkdtempSync(join(tmpdir(), "dk-killed-fleet-"));
      const source = JSON.stringify(new URL("../src/index.ts", import.meta.url).pathname);
      const nsSource = JSON.stringify(new URL("../src/netns/namespace.ts", import.meta.url).pathname);
      const script = `const { startNetnsHosts, waitUntil } = await import(${source});
      const { namespacePids } = await import(${nsSource});
      const { spawn } = await import("node:child_process");
      const fleet = await startNetnsHosts({ hosts: [{}], bastion: true });
      const names = [...fleet.hosts.map((h) => h.namespace), fleet.logs().match(/--- (\\S+)/)[1]];
      // Outlives this process, as a command a test started detached on a host does.
      const before = namespacePids(names[0]).length;
      spawn("ip", ["netns", "exec", names[0], "sleep", "300"], { detached: true, stdio: "ignore" }).unref();
      await waitUntil(() => namespacePids(names[0]).length === before + 1, "the lasting process");
      console.log(JSON.stringify({ dir: fleet.dir, names, address: fleet.hosts[0].address }));
      setInterval(() => {}, 1000);`;
      const argv = ["--import", "tsx", "--input-type=module", "-e", script];
      const r = await collect(process.execPath, argv, {
        env: { ...process.env, TMPDIR: gone ? tmp : tmpdir() },
        timeoutMs: 60_000,
        onOutput: { text: "\n", act: (child) => child.kill("SIGKILL") },
      });
      const { dir, names, address } = JSON.parse(r.stdout) as { dir: string; names: string[]; address: string };
      const subnet = `${address.split(".").slice(0, 3).join(".")}.${Number(address.split(".")[3]) & ~3}/30`;
      let pids: number[] = [];
      try {
        // The hosts' init and sshd end with their owner; the lasting process stays.
        await waitUntil(() => (pids = names.flatMap(namespacePids)).length === 1, "the sshd to end with their owner");
        expect([names.every((name) => namespaces().includes(name)), unreachable()]).toEqual([
          true,
          expect.stringContaining(subnet),
        ]);
        if (gone) rmSync(tmp, { recursive: true });
        const next = await startNetnsHosts({ hosts: [{}] });
        await next.stop();
        expect(names.filter((name) => namespaces().includes(name))).toEqual([]);
        expect(unreachable()).not.toContain(subnet);
        // Its pairs' reservations went with its namespaces.
        expect(existsSync(join(RESERVATIONS_DIR, subnet.replace("/30", "")))).toBe(false);
        expect(existsSync(dir)).toBe(false);
        // SIGKILLed by the start; init reaps it.
        await waitUntil(() => !pids.some((pid) => existsSync(`/proc/${pid}`)), "the old fleet's process to end");
      } finally {
        // When the start did not, the test removes what its own child left.
        for (const pid of names.flatMap(namespacePids)) process.kill(pid, "SIGKILL");
        for (const name of names) attempt("ip", ["netns", "del", name]);
        attempt("ip", ["route", "del", "unreachable", subnet]);
        rmSync(tmp, { recursive: true, force: true });
      }
    },
  );
});
