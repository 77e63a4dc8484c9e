import { describe, expect, it, onTestFinished } from "vitest";
import type { Host } from "../src/host.ts";
import { useFleet } from "./helpers/fleet.ts";

const fleet = useFleet({ hosts: 2 });
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;
// A host that misses two keep-alives, a second apart, is given up (dk's defaults: three, 5 s apart).
const alive = ["-o", "ServerAliveInterval=1", "-o", "ServerAliveCountMax=2"];

// The host's shared connection (openssh: core's master, from the second command on): its source port, and the sshd
// process that serves it (the parent of a command's shell).
async function shared(host: Host): Promise<{ port: string; server: number }> {
  await host.run("true", pipe);
  const [connection, server] = (await host.run("echo $SSH_CONNECTION; echo $PPID", pipe)).stdout.split("\n");
  expect((await host.run("echo $SSH_CONNECTION", pipe)).stdout.trim()).toBe(connection);
  return { port: connection!.split(" ")[1]!, server: Number(server) };
}
const portOf = async (host: Host) => (await host.run("echo $SSH_CONNECTION", pipe)).stdout.split(" ")[1];

describe("a shared connection its host dropped", () => {
  it("closed by the host: the next command runs over a new one", async () => {
    const host = fleet.host();
    const { port, server } = await shared(host);
    process.kill(server, "SIGKILL");
    expect(await portOf(host)).not.toBe(port);
  });

  it("no longer answered: the next command runs over a new one once it is given up, as ssh falls back", async () => {
    const host = fleet.group({ sshOptions: [...fleet.sandbox.hostOptions.sshOptions, ...alive] }).hosts[1]!;
    const { port, server } = await shared(host);
    // The server's side of the connection stops, as a host that went away without a word.
    process.kill(server, "SIGSTOP");
    onTestFinished(() => void process.kill(server, "SIGKILL"));
    expect(await portOf(host)).not.toBe(port);
  });
});
