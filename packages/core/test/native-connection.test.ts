import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { Host } from "../src/host.ts";
import type { RemoteRunOptions } from "../src/types.ts";
import { useFleet } from "./helpers/fleet.ts";
import { onFirstHost } from "./helpers/first-host.ts";

// Native connection reuse: one connection per host per process, a channel per command, nothing left at exit.
const fleet = useFleet({ hosts: 2 });
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;

function host(): Host {
  return fleet.group({ transport: "native" }).hosts[0]!;
}

// The client port of the connection a run went over: the same port means the same connection.
async function clientPort(h: Host, options: RemoteRunOptions = {}): Promise<string> {
  const { stdout } = await h.run("echo $SSH_CONNECTION", { ...pipe, ...options });
  return stdout.split(" ")[1]!;
}

// TCP segments with data that the connection from local `port` has sent so far (the kernel's count, by ss).
function dataSegmentsOut(port: string): number {
  const info = execFileSync("ss", ["-tinH", "state", "established", `sport = :${port}`], { encoding: "utf8" });
  const count = /data_segs_out:(\d+)/.exec(info)?.[1];
  if (count === undefined) throw new Error(`ss shows no connection from port ${port}: ${info}`);
  return Number(count);
}

describe("native connection reuse", () => {
  it("runs every command to a host over one connection, also from a new Host object and in parallel", async () => {
    const first = await clientPort(host());
    const parallel = await Promise.all(Array.from({ length: 12 }, () => clientPort(host())));
    expect(new Set([first, ...parallel])).toEqual(new Set([first]));
  });

  it("shares no connection between hosts whose keep-alives differ: each is given up as its settings say", async () => {
    const alive = ["-o", "ServerAliveInterval=1", "-o", "ServerAliveCountMax=2"];
    const other = fleet.group({ transport: "native", sshOptions: [...fleet.sandbox.hostOptions.sshOptions, ...alive] });
    const [plain, quick] = [fleet.group({ transport: "native" }).hosts[1]!, other.hosts[1]!];
    expect(await clientPort(quick)).not.toBe(await clientPort(plain));
    expect(await clientPort(quick)).toBe(await clientPort(other.hosts[1]!));
  });

  it("freshConnection gets a connection of its own; closeConnection makes the next run reconnect", async () => {
    const h = host();
    const shared = await clientPort(h);
    const fresh = await clientPort(h, { freshConnection: true });
    expect(fresh).not.toBe(shared);
    expect(await clientPort(h)).toBe(shared);
    await h.closeConnection();
    expect(await clientPort(h)).not.toBe(shared);
  });

  it("a process with idle connections still exits when its work is done, and no ssh process ever ran", async () => {
    const body = [
      "const before = Date.now();",
      'for (let i = 0; i < 3; i++) await h.run("true", { echo: false });',
      'const { execSync } = await import("node:child_process");',
      'const mine = execSync(`pgrep -P ${process.pid} -x ssh || true`, { encoding: "utf8" }).trim();',
      "process.stdout.write(`ran ${Date.now() - before} ssh=[${mine}]\\n`);",
    ].join("\n");
    const started = Date.now();
    const r = await onFirstHost(fleet.sandbox, body, { env: { DEPLOYKIT_TRANSPORT: "native" }, timeoutMs: 30_000 });
    expect(r.stdout).toMatch(/^ran \d+ ssh=\[\]\n$/);
    expect(r.code).toBe(0);
    // Killed by the 30 s bound instead of exiting, it would have no exit code 0.
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it("sends each batch of packets as one TCP segment, as ssh does, not a segment per piece of a packet", async () => {
    const own = host();
    const mine = await clientPort(own);
    const before = dataSegmentsOut(mine);
    for (let i = 0; i < 10; i++) await own.run("true", pipe);
    const perCommand = (dataSegmentsOut(mine) - before) / 10;
    // A command sends at most five packets (a channel open, an exec request, an EOF, a close, and its end told to the
    // connection's guardian), of three pieces each: 12 segments a command when each piece went alone, 3 here.
    expect(perCommand).toBeGreaterThan(0);
    expect(perCommand).toBeLessThanOrEqual(5);
  });
});
