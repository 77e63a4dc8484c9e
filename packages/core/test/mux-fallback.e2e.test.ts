// A run whose shared connection is gone as it starts (its master closed, its socket taken over) goes over a connection
// of its own: its output is the command's, without ssh's words about going so.
import { rmSync } from "node:fs";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { skipLeading } from "../src/output/skip-leading.ts";
import { MUX_NOTICES, SSH_NOTICES } from "../src/ssh/argv.ts";
import { useFleet } from "./helpers/fleet.ts";

const fleet = useFleet({ hosts: 1 });
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;
const openssh = process.env.DEPLOYKIT_TRANSPORT === "openssh";

describe("a run that finds no master at its control socket", () => {
  it.runIf(openssh)("runs over a connection of its own, its stderr the command's alone", async () => {
    const host = fleet.host();
    // From the second command on, a shared connection: core's master, at a socket of its own.
    await host.run("true", pipe);
    await host.run("true", pipe);
    const path = (await host.sshArgs()).find((arg) => arg.startsWith("ControlPath="))!.slice("ControlPath=".length);
    await host.closeConnection();
    // What answers there hangs up at once: ssh says its hello failed, and connects itself.
    rmSync(path, { force: true });
    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((listening) => server.listen(path, listening));
    try {
      expect(await host.run("echo ok; echo err >&2", pipe)).toMatchObject({ stdout: "ok\n", stderr: "err\n" });
    } finally {
      server.close();
    }
  });

  it("keeps ssh's words where it ends without going on by itself (mux.c's fatal errors)", () => {
    const said = ["muxclient: master hello exchange failed", "mux_client_request_session: master returned error: x"];
    for (const notices of [SSH_NOTICES, MUX_NOTICES]) {
      const kept = skipLeading(notices)(Buffer.from(`${said.join("\n")}\n`), true).toString();
      expect(kept).toBe(`${said[1]}\n`);
    }
  });
});
