import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inFlight, noneInFlight } from "../src/index.ts";
import type { Host } from "../src/host.ts";
import { collect, waitUntil } from "@deploykit/sandbox";
import { CommandError } from "../src/errors.ts";
import { useFleet } from "./helpers/fleet.ts";
import { marker, pidsMatching, waitGone } from "./helpers/processes.ts";
import { rejection } from "./helpers/rejection.ts";

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

  it("cuts off a command still running over it, saying that this process closed it (not the host)", async () => {
    const host = fleet.host();
    // From the second command on, a shared connection (openssh: core's master).
    await host.run("true", quiet);
    await host.run("true", quiet);
    const tag = marker("cut-by-close");
    // Its failure may come before closeConnection() settles.
    const cut = rejection(host.run(`sleep 30; : ${tag}`, { ...quiet, stderr: "pipe" }), CommandError);
    await waitUntil(() => pidsMatching(tag).length > 0, "the command to start");
    await host.closeConnection();
    const error = await cut;
    expect(error.exitCode).toBe(255);
    expect(error.message).toContain("closed by this process (host.closeConnection()): this process closed the");
    expect(error.message).not.toMatch(/remote host|was lost/);
    expect(await waitGone(tag)).toEqual([]);
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

  it.runIf(openssh)("leaves the other sessions over the user's own master running (their own ssh)", async () => {
    const socket = join(mkdtempSync(join(tmpdir(), "dk-own-master-")), "m");
    const own = ["-o", "ControlMaster=auto", "-o", `ControlPath=${socket}`, "-o", "ControlPersist=60"];
    const host = fleet.host({ sshOptions: [...fleet.sandbox.hostOptions.sshOptions, ...own] });
    await host.run("true", quiet);
    const tag = marker("users-session");
    // The user's own ssh over their master, as an interactive session in another terminal would be.
    const { sandbox } = fleet;
    const argv = ["-o", `ControlPath=${socket}`, "-p", String(sandbox.port), `${sandbox.user}@${sandbox.addresses[0]}`];
    const session = collect("ssh", [...argv, `sleep 5; echo survived; : ${tag}`], { timeoutMs: 30_000 });
    await waitUntil(() => pidsMatching(tag).length > 1, "the user's session to start");
    await host.closeConnection();
    expect(await session).toMatchObject({ code: 0, stdout: "survived\n" });
    // The next run opens a new connection, its own master, where the socket was.
    const before = existsSync(socket);
    await host.run("true", quiet);
    expect([before, existsSync(socket)]).toEqual([false, true]);
  });
});
