import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AGENT_ANSWER_MS } from "../src/ssh/agent-hangs.ts";
import { useFakeAgent } from "./helpers/fake-agent.ts";
import { useFleet } from "./helpers/fleet.ts";

const fleet = useFleet({ hosts: 1 });
// An agent that takes every connection and never answers: the transport waits AGENT_ANSWER_MS before it goes on
// without it, before any command can start.
useFakeAgent((connection) => void connection.on("data", () => {}));

describe("a run's timeout and signal count from the call, the wait before its command starts included", () => {
  it("stops a run still connecting, says so, and its command never runs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dk-deadline-"));
    const host = fleet.host();
    const quiet = { echo: false, stdout: "pipe", stderr: "pipe" } as const;
    const started = Date.now();
    // Both wait on the same question to the agent, asked once per process.
    const [timedOut, interrupted] = await Promise.all([
      host.run(`touch ${dir}/timeout`, { ...quiet, timeout: 1000 }).catch((e: unknown) => e),
      host.run(`touch ${dir}/signal`, { ...quiet, signal: AbortSignal.timeout(1000) }).catch((e: unknown) => e),
    ]);
    expect(Date.now() - started).toBeLessThan(AGENT_ANSWER_MS);
    expect(timedOut).toMatchObject({ timedOut: true, exitCode: 143 });
    expect(String((timedOut as Error).message)).toMatch(
      /` timed out after 1000 ms while connecting to the host; the command never started$/,
    );
    expect(interrupted).toMatchObject({ interrupted: true, exitCode: 130 });
    expect(String((interrupted as Error).message)).toMatch(
      /` was interrupted while connecting to the host; the command never started$/,
    );
    // A run after the agent's answer was given up on goes on without it; the stopped ones stayed stopped.
    await host.run("true", { ...quiet, timeout: 30_000 });
    expect([existsSync(join(dir, "timeout")), existsSync(join(dir, "signal"))]).toEqual([false, false]);
  });
});
