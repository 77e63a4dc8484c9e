// Sandboxes started side by side (two demos, parallel test files) each get a port and files of their own.
import { execFileSync } from "node:child_process";
import { createServer, type Server } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collect, freePort, startSandbox } from "../src/index.ts";
import { PortTakenError, startSshds } from "../src/sshd-processes.ts";

const asRoot = process.getuid?.() === 0;
const NO_CHECK = ["-F", "/dev/null", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no"];
const noKnownHosts = ["-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10"];

// What `echo $SSH_CONNECTION` says on `address` with `key`, or ssh's error.
function answer(address: string, port: number, key: string): string {
  try {
    const argv = [...NO_CHECK, ...noKnownHosts, "-i", key, "-p", String(port), address, "echo $SSH_CONNECTION"];
    return execFileSync("ssh", argv, { encoding: "utf8", timeout: 30_000, stdio: "pipe" }).split(" ")[2]!;
  } catch (error) {
    return `failed: ${(error as { stderr?: string }).stderr ?? (error as Error).message}`;
  }
}

function listen(port: number, address: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(port, address, () => resolve(server));
  });
}

describe("sandboxes side by side", () => {
  it("started at once, get their own ports and directories, and each key opens its own fleet alone", async () => {
    const [a, b] = await Promise.all([startSandbox({ hosts: 2 }), startSandbox({ hosts: 2 })]);
    try {
      expect(a.port).not.toBe(b.port);
      expect(a.dir).not.toBe(b.dir);
      for (const address of a.addresses) expect(answer(address, a.port, a.key)).toBe(address);
      for (const address of b.addresses) expect(answer(address, b.port, b.key)).toBe(address);
      expect(answer(a.addresses[0]!, b.port, a.key)).toMatch(/^failed: .*Permission denied/);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it("a port held by another process on one address fails the start: no fleet half on someone else's", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dk-sandbox-port-"));
    const keygen = (path: string) => execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path]);
    keygen(join(dir, "host_key"));
    const port = await freePort("127.0.0.3");
    const holder = await listen(port, "127.0.0.3");
    try {
      const files = { dir, hostKey: join(dir, "host_key"), authorizedKeys: join(dir, "none"), env: {}, extra: [] };
      const started = startSshds(["127.0.0.2", "127.0.0.3", "127.0.0.4"], port, files);
      await expect(started).rejects.toThrow(PortTakenError);
    } finally {
      holder.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the port is free on every address, not only on 127.0.0.1 (needs root: its own network namespace)", async () => {
    if (!asRoot) throw new Error("this test makes a network namespace, which needs root: run it as root, as CI does");
    // Two ports to choose from: 40001 is taken on 127.0.0.1 (outside the fleet), 40000 on 127.0.0.3 (inside).
    const script = `
      import { createServer } from "node:net";
      import { execFileSync } from "node:child_process";
      import { writeFileSync } from "node:fs";
      const { startSandbox } = await import(${JSON.stringify(new URL("../src/index.ts", import.meta.url).pathname)});
      const hold = (port, host) => new Promise((ok) => {
        const s = createServer();
        s.listen(port, host, () => ok(s));
      });
      const held = [await hold(40001, "127.0.0.1"), await hold(40000, "127.0.0.3")];
      const sandbox = await startSandbox({ hosts: 3 });
      // The ssh clients need ports of their own.
      writeFileSync("/proc/sys/net/ipv4/ip_local_port_range", "41000 60999");
      const opts = ["-F", "/dev/null", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o",
        "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-i", sandbox.key, "-p", String(sandbox.port)];
      const ssh = (a) => { try { return execFileSync("ssh", [...opts, a, "echo ok"], { encoding: "utf8",
        timeout: 20000, stdio: "pipe" }).trim(); } catch (e) { return String(e.stderr).trim(); } };
      console.log(JSON.stringify({ port: sandbox.port, answers: sandbox.addresses.map(ssh) }));
      await sandbox.stop();
      held.forEach((s) => s.close());`;
    const inNamespace = 'ip link set lo up && echo "40000 40001" > /proc/sys/net/ipv4/ip_local_port_range && exec "$@"';
    const node = [process.execPath, "--import", "tsx", "--input-type=module", "-e", script];
    const r = await collect("unshare", ["-n", "sh", "-c", inNamespace, "sh", ...node], { timeoutMs: 60_000 });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ port: 40001, answers: ["ok", "ok", "ok"] });
  });
});
