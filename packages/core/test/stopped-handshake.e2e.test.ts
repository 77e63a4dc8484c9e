// A run stopped while ssh is still logging in (the server went silent after its greeting): over either transport the
// error says so, and that its command never started, whether the run had a connection of its own or was to share one.
import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { parseHosts } from "../src/parse-hosts.ts";
import { useListeners } from "./helpers/listeners.ts";
import { rejection } from "./helpers/rejection.ts";

const listen = useListeners();
const quiet = { echo: false, stdout: "pipe", stderr: "pipe" } as const;
const never = "while connecting to the host; the command never started";

describe("a run stopped while ssh logs in", () => {
  it("says it was connecting, stopped by timeout or signal, on a connection of its own or a shared one", async () => {
    const { port } = await listen((socket) => void socket.write("SSH-2.0-OpenSSH_9.2\r\n"));
    const sshOptions = ["-F", "/dev/null", "-o", "UserKnownHostsFile=/dev/null"];
    const [host] = parseHosts(`127.0.0.1:${port}`, { hostKeyCheck: "none", sshOptions }).hosts;
    // openssh: the host's first run goes over a connection of its own, the second would become its shared master.
    const timedOut = await rejection(host!.run("true", { ...quiet, timeout: 1000 }), CommandError);
    expect(timedOut).toMatchObject({ timedOut: true, exitCode: 143 });
    expect(timedOut.message).toMatch(new RegExp(`\` timed out after 1000 ms ${never}$`));
    const stop = new AbortController();
    const running = host!.run("true", { ...quiet, signal: stop.signal });
    setTimeout(() => stop.abort(), 1000);
    const interrupted = await rejection(running, CommandError);
    expect(interrupted).toMatchObject({ interrupted: true, exitCode: 130 });
    expect(interrupted.message).toMatch(new RegExp(`\` was interrupted ${never}$`));
  });
});
