// The sshd of netns test hosts end with the process that started them, even when it is killed with SIGKILL and no
// clean-up runs (the namespaces it leaves go at the next fleet's start).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collect, waitUntil } from "../src/index.ts";
import { attempt } from "../src/netns/exec.ts";
import { namespacePids } from "../src/netns/namespace.ts";
import { releaseSlot } from "../src/netns/slots.ts";

const asRoot = process.getuid?.() === 0;

describe("a netns fleet's process killed with SIGKILL", () => {
  it("takes its hosts' sshd with it", async () => {
    if (!asRoot) throw new Error("netns test hosts need root: run the tests as root, as CI does");
    const tmp = mkdtempSync(join(tmpdir(), "dk-owner-death-"));
    const source = JSON.stringify(new URL("../src/index.ts", import.meta.url).pathname);
    const script = `const { startNetnsHosts } = await import(${source});
    const fleet = await startNetnsHosts({ hosts: [{}] });
    console.log(JSON.stringify({ namespace: fleet.hosts[0].namespace, address: fleet.hosts[0].address }));
    setInterval(() => {}, 1000);`;
    let host = { namespace: "", address: "" };
    let pids: number[] = [];
    const started = (stdout: string) => stdout.endsWith("\n") && (host = JSON.parse(stdout) as typeof host) !== null;
    try {
      await collect(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        env: { ...process.env, TMPDIR: tmp },
        timeoutMs: 60_000,
        onOutput: {
          text: started,
          // Only this test's own child, by its PID; its sshd are read before it dies.
          act: (child) => {
            pids = namespacePids(host.namespace);
            process.kill(child.pid!, "SIGKILL");
          },
        },
      });
      // The listening sshd, and perhaps a child of it still closing the start's probe of its port.
      expect(pids.length).toBeGreaterThanOrEqual(1);
      await waitUntil(() => !pids.some((pid) => existsSync(`/proc/${pid}`)), "the killed fleet's sshd to end");
    } finally {
      for (const pid of namespacePids(host.namespace)) process.kill(pid, "SIGKILL");
      if (host.namespace !== "") attempt("ip", ["netns", "del", host.namespace]);
      releaseSlot(host);
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
