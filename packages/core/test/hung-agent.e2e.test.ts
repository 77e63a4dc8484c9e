import { describe, expect, it } from "vitest";
import { useFakeAgent } from "./helpers/fake-agent.ts";
import { useFleet } from "./helpers/fleet.ts";

const fleet = useFleet({ hosts: 1 });

// An agent that takes every connection and never answers: SSH_AUTH_SOCK points at it during this file's tests.
const { held } = useFakeAgent((connection) => void connection.on("data", () => {}));

describe("an ssh agent that takes the connection and never answers", () => {
  it("holds a run up for a few seconds, not for ever: the login goes on with the key file", async () => {
    const started = Date.now();
    // The deadline only bounds the test: the run must end well before it, and succeed.
    const result = await fleet.host().run("echo hi", { stdout: "pipe", stderr: "pipe", echo: false, timeout: 30_000 });
    expect(result.stdout).toBe("hi\n");
    expect(held.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    // The agent was found silent once: the next run is not held up again (a connection of its own at most).
    const next = Date.now();
    await fleet.host().run("true", { echo: false, timeout: 30_000 });
    expect(Date.now() - next).toBeLessThan(2500);
  });
});
