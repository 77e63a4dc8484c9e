import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SERVER_DEBUG, useFleet } from "./helpers/fleet.ts";
import { keygen } from "./helpers/keygen.ts";

// What native's login sends, as the server's debug log tells it. A key file is offered signed, in one request, where
// ssh first asks whether the server would take it: one round trip less, the same outcome.
const fleet = useFleet({ hosts: 1, sshdConfig: SERVER_DEBUG });
const dir = mkdtempSync(join(tmpdir(), "dk-login-wire-"));

describe("native's login", () => {
  it("offers each key file signed at once: a key the server does not take fails, and the next logs in", async () => {
    keygen(join(dir, "stranger"), ["-t", "ed25519"]);
    const sshOptions = [...fleet.sandbox.hostOptions.sshOptions, "-i", join(dir, "stranger")];
    const host = fleet.host({ transport: "native", sshOptions });
    try {
      expect((await host.run("echo in", { stdout: "pipe", stderr: "pipe", echo: false })).stdout).toBe("in\n");
    } finally {
      await host.closeConnection();
    }
    const log = fleet.serverLog();
    expect(log).not.toMatch(/querying public key/);
    expect(log.match(/authenticated 0 pkalg ssh-ed25519/g)).toHaveLength(1);
    expect(log.match(/authenticated 1 pkalg ssh-ed25519/g)).toHaveLength(1);
  });
});
