import { describe, expect, it } from "vitest";
import { SERVER_DEBUG, useFleet } from "./helpers/fleet.ts";

// OpenSSH's sshd lists its host keys to the client after each login (hostkeys-00@openssh.com). ssh asks it to prove
// them only to update known_hosts (UpdateHostKeys), never with the fleet's /dev/null known_hosts; native never does.
// The server's debug log tells what it was asked.
const fleet = useFleet({ hosts: 1, sshdConfig: SERVER_DEBUG });

describe("the server's list of its host keys", () => {
  it("is taken without asking the server to prove the keys (a signature each)", async () => {
    const host = fleet.host();
    try {
      await host.run("true", { stdout: "pipe", stderr: "pipe", echo: false });
    } finally {
      await host.closeConnection();
    }
    const log = fleet.serverLog();
    expect(log).toMatch(/notify_hostkeys: sent \d+ hostkeys/);
    expect(log).not.toMatch(/rtype hostkeys-prove-00@openssh\.com/);
    // Native answers the notice with a message the server ignores, which carries TCP's acknowledgement of it at once:
    // sshd (Nagle on) holds its next packet until then, and an idle client delays that acknowledgement by 40 ms.
    if (process.env.DEPLOYKIT_TRANSPORT === "native") {
      expect(log.slice(log.search(/notify_hostkeys: sent/))).toMatch(/Received SSH2_MSG_IGNORE/);
    }
  });
});
