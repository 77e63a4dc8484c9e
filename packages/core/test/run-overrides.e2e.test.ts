import { existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { connectionArgs } from "../src/ssh/connection.ts";
import { CommandError } from "../src/errors.ts";
import { Host } from "../src/host.ts";
import { setPrinter, type Printer } from "../src/output/printer.ts";
import { run } from "../src/run.ts";
import type { RemoteRunOptions, Transport } from "../src/types.ts";
import { useFleet } from "./helpers/fleet.ts";
import { useListeners } from "./helpers/listeners.ts";
import { waitGone } from "./helpers/processes.ts";

const fleet = useFleet({ hosts: 1 });
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;

afterEach(() => void setPrinter(undefined));

// Every event a printer receives, as text.
function recorder(events: string[]): Printer {
  return {
    line: (tag, text, stream = "stdout") => void events.push(`${tag} ${stream} ${text}`),
    notice: (tag, text) => void events.push(`${tag} notice ${text}`),
    start: (tag, command) => void events.push(`${tag} start ${command}`),
    end: (tag, end) => void events.push(`${tag} end ${end.exitCode}`),
  };
}

// A host of the fleet with connection sharing on (the sandbox's default options), as a fresh object; tests of
// OpenSSH's master ask for that transport.
function host(transport?: Transport): Host {
  return fleet.group(transport === undefined ? {} : { transport }).hosts[0]!;
}

// The client port ssh used for `options`: the same port means the same connection.
async function clientPort(h: Host, options: RemoteRunOptions = {}): Promise<string> {
  const { stdout } = await h.run("echo $SSH_CONNECTION", { ...pipe, ...options });
  return stdout.split(" ")[1]!;
}

function socketOf(args: readonly string[]): string {
  return args.find((a) => a.startsWith("ControlPath="))!.slice("ControlPath=".length);
}

describe("quiet runs", () => {
  it("send nothing to the printer, locally and over ssh, even when they fail, and still capture output", async () => {
    const events: string[] = [];
    setPrinter(recorder(events));
    const local = await run("echo out; echo err >&2; exit 3", { quiet: true, check: false, stdout: "pipe" });
    const remote = await host().run("echo out; echo err >&2; exit 4", { quiet: true, check: false, stdout: "pipe" });
    expect([local.exitCode, local.stdout, remote.exitCode, remote.stdout]).toEqual([3, "out\n", 4, "out\n"]);
    expect(events).toEqual([]);
    // The same runs without `quiet` do reach it: the assertion above could fail.
    await run("exit 3", { check: false });
    expect(events).toContain("localhost notice [Command failed: 3] exit 3");
  });

  it("still throw CommandError when checked", async () => {
    setPrinter(recorder([]));
    await expect(run("exit 5", { quiet: true })).rejects.toMatchObject({ name: "CommandError", exitCode: 5 });
  });

  it("are validated", async () => {
    await expect(run("true", { quiet: "yes" as unknown as boolean })).rejects.toThrow(
      "Expected `quiet` to be a boolean",
    );
  });
});

describe("freshConnection", () => {
  it("opens a connection of its own beside a shared one, and starts no master when none exists", async () => {
    const first = host("openssh");
    // A host's first use goes over a connection of its own (when no test before this one used it): from the second
    // on, its ssh options name the shared socket.
    await first.sshArgs();
    const socket = socketOf(await first.sshArgs());
    // Hosts with the same settings share one master in this process: start without one.
    await first.closeConnection();
    expect(existsSync(socket)).toBe(false);
    const fresh = await clientPort(first, { freshConnection: true });
    expect(existsSync(socket)).toBe(false);
    const shared = await clientPort(first);
    expect(existsSync(socket)).toBe(true);
    expect(await clientPort(first)).toBe(shared);
    const again = await clientPort(first, { freshConnection: true });
    expect(new Set([fresh, shared, again]).size).toBe(3);
    await first.closeConnection();
  });

  it("runs beside other fresh runs, never waiting for them as for a master", async () => {
    const started = performance.now();
    const runs = [0, 1, 2].map(() => host().run("sleep 3", { ...pipe, quiet: true, freshConnection: true }));
    await Promise.all(runs);
    // Waiting for the first, as runs wait for a master to come up, would take over 6 s.
    expect(performance.now() - started).toBeLessThan(5500);
  });

  it("also bypasses a ControlMaster the user configured", async () => {
    const args = await connectionArgs(
      { hostname: "h", hostKeyCheck: "none", sshOptions: ["-o", "ControlPath=/tmp/mine"] },
      { freshConnection: true },
    );
    expect(args.indexOf("ControlPath=none")).toBeLessThan(args.indexOf("ControlPath=/tmp/mine"));
  });
});

describe("connectTimeout and batchMode", () => {
  const listen = useListeners();

  it("gives up on a host that accepts TCP but never answers within connectTimeout seconds", async () => {
    // Accepts and says nothing: ssh waits for the banner until its ConnectTimeout (10 s by default).
    const { port } = await listen();
    const silent = new Host("127.0.0.1", { port, hostKeyCheck: "none", reuseConnection: false });
    const started = performance.now();
    const error = await silent.run("true", { ...pipe, quiet: true, connectTimeout: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).exitCode).toBe(255);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("waits without a limit under ConnectTimeout 0, as ssh does: the run's own timeout ends it", async () => {
    const { port } = await listen();
    const sshOptions = ["-o", "ConnectTimeout=0"];
    const silent = new Host("127.0.0.1", { port, hostKeyCheck: "none", reuseConnection: false, sshOptions });
    const error = await silent.run("true", { ...pipe, quiet: true, timeout: 1500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({ timedOut: true });
  });

  it("come after the host's own sshOptions, which win, and before the defaults", async () => {
    const target = {
      hostname: "h",
      hostKeyCheck: "none" as const,
      sshOptions: ["-F", "/dev/null"],
      reuseConnection: false,
    };
    const args = await connectionArgs(target, { connectTimeout: 3, batchMode: true });
    expect(args.filter((a) => /^(ConnectTimeout|BatchMode)=/.test(a))).toEqual(["ConnectTimeout=3", "BatchMode=yes"]);
    const own = await connectionArgs(
      { ...target, sshOptions: ["-F", "/dev/null", "-o", "ConnectTimeout=7"] },
      { connectTimeout: 3 },
    );
    expect(own.filter((a) => a.startsWith("ConnectTimeout="))).toEqual(["ConnectTimeout=7", "ConnectTimeout=3"]);
    await expect(host().run("true", { connectTimeout: 0.5 })).rejects.toThrow(
      "Expected `connectTimeout` to be a positive whole number of seconds",
    );
    await expect(host().run("true", { connectTimeout: 3e6 })).rejects.toThrow("at most 2147483 (24.8 days)");
  });
});

describe("closeConnection", () => {
  it("closes the host's shared master; the next run opens a new one", async () => {
    const h = host("openssh");
    const socket = socketOf(await h.sshArgs());
    const before = await clientPort(h);
    expect(existsSync(socket)).toBe(true);
    await h.closeConnection();
    expect(existsSync(socket)).toBe(false);
    expect(await waitGone(`ControlPath=${socket} `)).toEqual([]);
    const after = await clientPort(h);
    expect(after).not.toBe(before);
    expect(existsSync(socket)).toBe(true);
    await h.closeConnection();
  });

  it("returns at once when no connection is open, and prints nothing", async () => {
    const events: string[] = [];
    setPrinter(recorder(events));
    const h = new Host("127.0.0.1", { port: 1, hostKeyCheck: "none" });
    const started = performance.now();
    await h.closeConnection();
    expect(performance.now() - started).toBeLessThan(2000);
    expect(events).toEqual([]);
  });
});
