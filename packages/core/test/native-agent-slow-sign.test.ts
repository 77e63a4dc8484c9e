import { createConnection } from "node:net";
import { describe, expect, it } from "vitest";
import { useAgent } from "./helpers/agent.ts";
import { eachMessage, useFakeAgent } from "./helpers/fake-agent.ts";
import { useFleet } from "./helpers/fleet.ts";

// An agent that signs only after a while (a key that asks to be touched, a confirmation): ssh waits for it without
// reading the server, so no packet timeout runs meanwhile, and native must wait as long.
const fleet = useFleet({ hosts: 1 });
const agent = useAgent(({ add }) => add(fleet.sandbox.key));
const SIGN_DELAY_MS = 3000;

// A proxy before the agent that holds each SSH_AGENTC_SIGN_REQUEST (13) back for SIGN_DELAY_MS.
const { held } = useFakeAgent((client, real) => {
  const upstream = createConnection(real!);
  held.push(upstream);
  upstream.on("error", () => client.destroy()).pipe(client);
  client.on("error", () => upstream.destroy());
  // Requests go on in order, one at a time as the client sends them: a sign request after SIGN_DELAY_MS.
  let sent = Promise.resolve();
  eachMessage(client, (message) => {
    const wait = message[4] === 13 ? SIGN_DELAY_MS : 0;
    sent = sent.then(() => new Promise((resolve) => setTimeout(() => resolve(void upstream.write(message)), wait)));
  });
});

describe("an agent slow to sign, past the packet timeout", () => {
  it.each(["openssh", "native"] as const)("is waited for, over %s", async (transport) => {
    expect(agent.dir).toBeDefined();
    // A packet timeout of 1 s; the fleet's options would say IdentitiesOnly, which leaves the agent out.
    const sshOptions = ["-F", "/dev/null", "-o", "ServerAliveInterval=1", "-o", "ServerAliveCountMax=1"];
    const started = Date.now();
    const r = await fleet
      .host({ transport, sshOptions })
      .run("echo in", { echo: false, stdout: "pipe", stderr: "pipe", timeout: 30_000 });
    expect(r.stdout).toBe("in\n");
    expect(Date.now() - started).toBeGreaterThanOrEqual(SIGN_DELAY_MS);
  });
});
