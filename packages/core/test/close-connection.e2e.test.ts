import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inFlight, noneInFlight } from "../src/index.ts";
import type { Host } from "../src/host.ts";
import { useFleet } from "./helpers/fleet.ts";

const fleet = useFleet({ hosts: 1 });
const quiet = { stdout: "pipe", echo: false } as const;
const openssh = process.env.DEPLOYKIT_TRANSPORT === "openssh";

// The source port of the connection a command of `host` runs over.
const portOf = async (host: Host) => (await host.run("echo $SSH_CONNECTION", quiet)).stdout.split(" ")[1];

describe("host.closeConnection()", () => {
  it("is in flight until the connection is closed: the run after noneInFlight() connects anew", async () => {
    const host = fleet.host();
    await portOf(host);
    // From the second command on, a shared connection (openssh: core's master).
    const before = await portOf(host);
    expect(await portOf(host)).toBe(before);
    const closing = host.closeConnection();
    expect(inFlight()).toEqual([host.commandPrefix]);
    await noneInFlight();
    expect(await portOf(host)).not.toBe(before);
    await closing;
  });

  it.runIf(openssh)("closes the user's own master (their ControlPath) before noneInFlight() settles", async () => {
    const socket = join(mkdtempSync(join(tmpdir(), "dk-own-master-")), "m");
    const own = ["-o", "ControlMaster=auto", "-o", `ControlPath=${socket}`, "-o", "ControlPersist=60"];
    const host = fleet.host({ sshOptions: [...fleet.sandbox.hostOptions.sshOptions, ...own] });
    await host.run("true", quiet);
    expect(existsSync(socket)).toBe(true);
    // As a task that does not await it: what waits for what is in flight must find it there.
    void host.closeConnection();
    await noneInFlight();
    expect(existsSync(socket)).toBe(false);
  });
});
