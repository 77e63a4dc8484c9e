// The sshd of netns test hosts end with the process that started them, even when it is killed with SIGKILL and no
// clean-up runs (the namespaces it leaves go at the next fleet's start); so does an sshd their fake reboot started
// again.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collect, waitUntil } from "../src/index.ts";
import { attempt } from "../src/netns/exec.ts";
import { namespacePids } from "../src/netns/namespace.ts";
import { releaseSlot } from "../src/netns/slots.ts";

const asRoot = process.getuid?.() === 0;
const source = JSON.stringify(new URL("../src/index.ts", import.meta.url).pathname);

// Starts a one-host fleet in a child, runs `then` there (it has `fleet`, `host`, `waitUntil`, `waitForPort`), kills the
// child with SIGKILL once it printed its host, and waits for every process that was in the host's namespace to end.
async function killOwnerAfter(then: string): Promise<number[]> {
  if (!asRoot) throw new Error("netns test hosts need root: run the tests as root, as CI does");
  const tmp = mkdtempSync(join(tmpdir(), "dk-owner-death-"));
  const script = `const { startNetnsHosts, waitUntil, waitForPort } = await import(${source});
    const fleet = await startNetnsHosts({ hosts: [{ downFor: 0 }] });
    const host = fleet.hosts[0];
    ${then}
    console.log(JSON.stringify({ namespace: host.namespace, address: host.address }));
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
    await waitUntil(() => !pids.some((pid) => existsSync(`/proc/${pid}`)), "the killed fleet's sshd to end");
    return pids;
  } finally {
    for (const pid of namespacePids(host.namespace)) process.kill(pid, "SIGKILL");
    if (host.namespace !== "") attempt("ip", ["netns", "del", host.namespace]);
    releaseSlot(host);
    rmSync(tmp, { recursive: true, force: true });
  }
}

describe("a netns fleet's process killed with SIGKILL", () => {
  it("takes its hosts' sshd with it", async () => {
    // The listening sshd, and perhaps a child of it still closing the start's probe of its port.
    expect((await killOwnerAfter("")).length).toBeGreaterThanOrEqual(1);
  });

  it("takes with it the sshd that a host's fake reboot started again", async () => {
    // The reboot runs in the host's namespace as over ssh; the host is back once its events say so and sshd listens.
    const rebooted = `const { spawnSync } = await import("node:child_process");
      const { join } = await import("node:path");
      spawnSync("ip", ["netns", "exec", host.namespace, join(fleet.dir, host.namespace, "bin/reboot")]);
      await waitUntil(() => host.events().length === 2, "the host to come back");
      await waitForPort(host.address, host.port);`;
    expect((await killOwnerAfter(rebooted)).length).toBeGreaterThanOrEqual(1);
  });
});
