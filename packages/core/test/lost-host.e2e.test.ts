import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { useFleet } from "./helpers/fleet.ts";
import { childrenOf } from "./helpers/processes.ts";

const fleet = useFleet({ hosts: 2 });

// The sshd processes serving connections (children of the sandbox's listeners): stopping them makes a host hang.
function sessionProcesses(): number[] {
  return childrenOf(fleet.sandbox.pids);
}

// Stops (SIGSTOP) the sshd processes serving connections, then runs `during` with the time of the stop; they are
// killed after.
async function whileStopped(during: (started: number) => Promise<void>): Promise<void> {
  const stopped = sessionProcesses();
  expect(stopped.length).toBeGreaterThan(0);
  const started = Date.now();
  for (const pid of stopped) process.kill(pid, "SIGSTOP");
  try {
    await during(started);
  } finally {
    for (const pid of stopped) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // It may have ended already.
      }
    }
  }
}

describe("a host that stops answering mid-command", () => {
  it("fails within the keep-alive bound with a lost-connection message; the other host finishes", async () => {
    const g = fleet.group();
    const [, other] = g.hosts;
    await g.run("true");
    const hung = g.hosts[0]!.run("echo started; sleep 60", { stdout: "pipe" }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 1000));
    await whileStopped(async (started) => {
      // Another host on its own (new) connection still works while the first one hangs.
      const fine = other!.run("echo fine", { stdout: "pipe", timeout: 20_000, freshConnection: true });
      const error = await hung;
      const elapsed = Date.now() - started;
      expect(error).toBeInstanceOf(CommandError);
      expect((error as Error).message).toMatch(/connection to the host was lost/);
      expect(elapsed).toBeLessThan(30_000);
      expect(elapsed).toBeGreaterThan(10_000);
      expect((await fine).stdout).toBe("fine\n");
    });
  }, 60_000);

  it("fails when ssh would: CountMax + 1 intervals after the last packet read, not an interval later", async () => {
    // ServerAliveInterval 3, CountMax 1: ssh probes 3 s after the last packet and gives up 3 s after that.
    const sshOptions = [...fleet.sandbox.hostOptions.sshOptions, "-o", "ServerAliveInterval=3"];
    const host = fleet.host({ sshOptions: [...sshOptions, "-o", "ServerAliveCountMax=1"] });
    await host.run("true");
    const hung = host.run("echo started; sleep 60", { stdout: "pipe" }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 1000));
    await whileStopped(async (started) => {
      expect(await hung).toBeInstanceOf(CommandError);
      // The last packet (`started`) came about a second before the stop: 5 s after it, where a check an interval
      // late would give up at 8 s.
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThan(3_500);
      expect(elapsed).toBeLessThan(6_800);
    });
  }, 60_000);

  it("a host whose sshd is killed mid-command fails at once with a lost-connection message", async () => {
    const g = fleet.group();
    await g.hosts[1]!.run("true");
    const lost = g.hosts[1]!.run("echo started; sleep 60", { stdout: "pipe" }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 1000));
    const started = Date.now();
    for (const pid of sessionProcesses()) process.kill(pid, "SIGKILL");
    const error = await lost;
    expect(error).toBeInstanceOf(CommandError);
    expect((error as Error).message).toMatch(/connection to the host was lost/);
    // ssh's words for a connection that ends after the login (clientloop.c); the openssh run here goes through its
    // master, whose client says nothing of it.
    if (process.env.DEPLOYKIT_TRANSPORT === "native")
      expect((error as Error).message).toContain(`Connection to ${g.hosts[1]!.hostname} closed by remote host`);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
