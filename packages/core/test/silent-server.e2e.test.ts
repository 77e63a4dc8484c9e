import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { parseHosts } from "../src/parse-hosts.ts";
import { useListeners } from "./helpers/listeners.ts";

// A server that sends ssh's banner, then nothing: ssh's packet timeout (ServerAliveInterval x ServerAliveCountMax of
// silence) ends the login, on both transports, in ssh's words.
const listen = useListeners();

describe("a server that stops answering during the login", () => {
  it("fails after ServerAliveInterval x ServerAliveCountMax of silence, in ssh's words", async () => {
    const { port } = await listen((socket) => void socket.write("SSH-2.0-OpenSSH_9.2\r\n"));
    const alive = ["-o", "ServerAliveInterval=1", "-o", "ServerAliveCountMax=2"];
    const sshOptions = ["-F", "/dev/null", ...alive, "-o", "UserKnownHostsFile=/dev/null"];
    const [host] = parseHosts(`127.0.0.1:${port}`, { hostKeyCheck: "none", sshOptions }).hosts;
    const started = Date.now();
    const error = await host!.run("true", { echo: false, stdout: "pipe", stderr: "pipe" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).stderr).toContain(`Connection to 127.0.0.1 port ${port} timed out`);
    expect((error as Error).message).toMatch(/the host stopped answering while logging in/);
    // 2 s of silence; a login left waiting would run into the test's own bound.
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);
});
