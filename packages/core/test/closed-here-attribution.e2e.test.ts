import { waitUntil } from "@deploykit/sandbox";
import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { useFleet } from "./helpers/fleet.ts";
import { childrenOf, marker, pidsMatching, waitGone } from "./helpers/processes.ts";
import { rejection } from "./helpers/rejection.ts";

const fleet = useFleet({ hosts: 1 });
const quiet = { stdout: "pipe", stderr: "pipe", echo: false } as const;

// The sshd processes serving connections (children of the sandbox's listener): killing them is the host ending them.
function sessionProcesses(): number[] {
  return childrenOf(fleet.sandbox.pids);
}

describe("a run that the host cut off after host.closeConnection()", () => {
  it("blames the host, not this process: its connection was not the one closed", async () => {
    const host = fleet.host();
    await host.run("true", quiet);
    await host.run("true", quiet);
    const tag = marker("cut-by-host");
    // A connection of its own, which closeConnection() leaves alone.
    const running = host.run(`sleep 30; : ${tag}`, { ...quiet, freshConnection: true });
    const cut = rejection(running, CommandError);
    await waitUntil(() => pidsMatching(tag).length > 0, "the command to start");
    await host.closeConnection();
    const serving = sessionProcesses();
    expect(serving.length).toBeGreaterThan(0);
    for (const pid of serving) process.kill(pid, "SIGKILL");
    const error = await cut;
    expect(error.exitCode).toBe(255);
    expect(error.message).not.toContain("closed by this process");
    expect(error.message).toMatch(/connection to the host was lost/);
    expect(await waitGone(tag)).toEqual([]);
  });
});
