import { readFileSync } from "node:fs";
import { waitUntil } from "@deploykit/sandbox";
import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { eachMessage, useFakeAgent } from "./helpers/fake-agent.ts";
import { useFleet } from "./helpers/fleet.ts";

// The server gives a login 2 s (LoginGraceTime), then closes the connection.
const fleet = useFleet({ hosts: 1, sshdConfig: ["LoginGraceTime 2"] });

// An agent that lists the fleet's key at once and never answers a request to sign with it (hung, or waiting for a
// confirmation no one gives), as SSH_AUTH_SOCK.
const { held: connections } = useFakeAgent((connection) => {
  const blob = Buffer.from(readFileSync(`${fleet.sandbox.key}.pub`, "utf8").split(" ")[1]!, "base64");
  // Any request that is not SSH_AGENTC_SIGN_REQUEST (13) is taken for the list's.
  eachMessage(connection, (message) => void (message[4] === 13 || connection.write(identities(blob))));
});

// SSH_AGENT_IDENTITIES_ANSWER (12) listing one key; each part framed by its length.
function identities(blob: Buffer): Buffer {
  const framed = (part: Buffer) => Buffer.concat([u32(part.length), part]);
  const body = Buffer.concat([Buffer.from([12]), u32(1), framed(blob), framed(Buffer.from("k"))]);
  return framed(body);
}
const u32 = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);

describe("native, with an agent that never signs", () => {
  it("fails the login when the server gives up on it, and leaves no connection to the agent open", async () => {
    // As ssh, no packet timeout runs while the agent is to sign: only the server ends the wait.
    const sshOptions = ["-F", "/dev/null", "-o", "ServerAliveInterval=1", "-o", "ServerAliveCountMax=1"];
    const host = fleet.host({ transport: "native", sshOptions });
    const error = await host.run("true", { echo: false, timeout: 30_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).timedOut).toBe(false);
    expect(connections.length).toBeGreaterThan(0);
    // An open one would hold the process up for as long as the agent keeps it.
    await waitUntil(() => connections.every((c) => c.closed), "the agent's connections to close", 10_000);
  });
});
