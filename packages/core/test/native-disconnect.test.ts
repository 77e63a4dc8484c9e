import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { useAgent } from "./helpers/agent.ts";
import { useFleet } from "./helpers/fleet.ts";
import { keygen } from "./helpers/keygen.ts";

// A server that ends the login with a reason (SSH_MSG_DISCONNECT): native says what ssh says, the reason included.
// Here sshd's MaxAuthTries (6): an agent with more keys than that, none of them authorised, and no key file.
const fleet = useFleet({ hosts: 1 });
const agent = useAgent(({ add }) => {
  for (let i = 0; i < 7; i++) {
    const key = join(agent.dir, `stranger${i}`);
    keygen(key, ["-t", "ed25519"]);
    add(key);
  }
});
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;

describe("a server that disconnects during the login", () => {
  it("past MaxAuthTries: both transports say 'Too many authentication failures', in ssh's words", async () => {
    const seen = [];
    for (const transport of ["openssh", "native"] as const) {
      const sshOptions = ["-F", "/dev/null", "-o", "IdentityFile=none"];
      const host = fleet.host({ transport, key: undefined, sshOptions });
      const error = await host.run("true", pipe).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CommandError);
      const { message, stderr } = error as CommandError;
      // ssh ends each of its lines with CRLF; native writes what ssh says, line by line.
      seen.push({ message, stderr: stderr.replaceAll("\r\n", "\n") });
    }
    const { sandbox } = fleet;
    const at = `${sandbox.addresses[0]} port ${sandbox.port}`;
    expect(seen[0]!.stderr).toBe(
      `Received disconnect from ${at}:2: Too many authentication failures\n` + `Disconnected from ${at}\n`,
    );
    expect(seen[1]).toEqual(seen[0]);
  });
});
