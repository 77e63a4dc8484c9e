import { describe, expect, it } from "vitest";
import { useFakeAgent } from "./helpers/fake-agent.ts";
import { useFleet } from "./helpers/fleet.ts";

const fleet = useFleet({ hosts: 1 });

// An agent that takes every connection and never answers, as SSH_AUTH_SOCK; without IdentitiesOnly (the fleet's
// options say yes), ssh would offer the agent's keys before the key file, as in most users' setups.
const { held } = useFakeAgent((connection) => void connection.on("data", () => {}));

describe("an ssh agent that never answers, where the login would offer all its keys", () => {
  it("is left out after a few seconds: the login goes on with the key file", async () => {
    const started = Date.now();
    const host = fleet.host({ sshOptions: ["-F", "/dev/null"] });
    // The deadline only bounds the test: the run must end well before it, and succeed.
    const result = await host.run("echo hi", { stdout: "pipe", stderr: "pipe", echo: false, timeout: 30_000 });
    expect(result.stdout).toBe("hi\n");
    expect(held.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(12_000);
  });
});
