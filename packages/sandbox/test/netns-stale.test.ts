// A netns fleet whose process was killed with SIGKILL (no clean-up runs): the next fleet's start removes what it left.
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { collect, startNetnsHosts, waitUntil } from "../src/index.ts";
import { attempt } from "../src/netns/exec.ts";
import { namespacePids } from "../src/netns/namespace.ts";

const asRoot = process.getuid?.() === 0;
const namespaces = () => (attempt("ip", ["netns", "list"]) ?? "").split("\n").map((line) => line.split(" ")[0]!);
const unreachable = () => attempt("ip", ["route", "show", "type", "unreachable"]) ?? "";

describe("a netns fleet killed with SIGKILL", () => {
  it("leaves namespaces, sshd and routes that the next fleet's start removes, with its directory", async () => {
    if (!asRoot) throw new Error("netns test hosts need root: run the tests as root, as CI does");
    const source = JSON.stringify(new URL("../src/index.ts", import.meta.url).pathname);
    const script = `const { startNetnsHosts } = await import(${source});
      const fleet = await startNetnsHosts({ hosts: [{}], bastion: true });
      const names = [...fleet.hosts.map((h) => h.namespace), fleet.logs().match(/--- (\\S+)/)[1]];
      console.log(JSON.stringify({ dir: fleet.dir, names, address: fleet.hosts[0].address }));
      setInterval(() => {}, 1000);`;
    const argv = ["--import", "tsx", "--input-type=module", "-e", script];
    const r = await collect(process.execPath, argv, {
      timeoutMs: 60_000,
      onOutput: { text: "\n", act: (child) => child.kill("SIGKILL") },
    });
    const { dir, names, address } = JSON.parse(r.stdout) as { dir: string; names: string[]; address: string };
    const subnet = `${address.split(".").slice(0, 3).join(".")}.${Number(address.split(".")[3]) & ~3}/30`;
    const pids = names.flatMap(namespacePids);
    try {
      expect([names.every((name) => namespaces().includes(name)), pids.length, unreachable()]).toEqual([
        true,
        2,
        expect.stringContaining(subnet),
      ]);
      const next = await startNetnsHosts({ hosts: [{}] });
      await next.stop();
      expect(names.filter((name) => namespaces().includes(name))).toEqual([]);
      expect(unreachable()).not.toContain(subnet);
      expect(existsSync(dir)).toBe(false);
      // SIGKILLed by the start; init reaps them.
      await waitUntil(() => !pids.some((pid) => existsSync(`/proc/${pid}`)), "the old fleet's sshd to end");
    } finally {
      // When the start did not, the test removes what its own child left.
      for (const pid of names.flatMap(namespacePids)) process.kill(pid, "SIGKILL");
      for (const name of names) attempt("ip", ["netns", "del", name]);
      attempt("ip", ["route", "del", "unreachable", subnet]);
    }
  });
});
