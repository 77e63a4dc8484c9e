import type { Socket } from "node:net";
import { describe, expect, it, onTestFinished } from "vitest";
import { CommandError } from "../src/errors.ts";
import { configure } from "../src/settings.ts";
import { Host } from "../src/host.ts";
import { connectHop } from "../src/ssh/native/connect.ts";
import { tcp } from "../src/ssh/native/tcp.ts";
import { resolveSsh } from "../src/ssh/resolve/resolve.ts";
import { keylessHop } from "./helpers/keyless-hop.ts";
import { useListeners } from "./helpers/listeners.ts";

// Servers that send something other than an SSH identification, or stop before one: native reads what comes before
// the key exchange as ssh does (its limits, its refusals, ConnectTimeout until the identification), and says what ssh
// says. Each case runs on both transports against the same listener.
const listen = useListeners();
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;

// What `true` on a host at `port` comes to on each transport: its error's message and stderr (its lines).
async function both(port: number): Promise<{ message: string; stderr: string }[]> {
  const seen = [];
  for (const transport of ["openssh", "native"] as const) {
    const sshOptions = ["-F", "/dev/null", "-o", "ConnectTimeout=2", "-o", "ConnectionAttempts=1"];
    const host = new Host("127.0.0.1", { transport, port, hostKeyCheck: "none", sshOptions });
    const error = await host.run("true", pipe).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    const { message, stderr } = error as CommandError;
    // ssh ends each of its lines with CRLF; native writes what ssh says, line by line.
    seen.push({ message, stderr: stderr.replaceAll("\r\n", "\n") });
  }
  return seen;
}

// A listener that sends `text` to each connection, and ends it when `end`.
async function server(text: string, end = false): Promise<number> {
  const send = (socket: Socket) => (socket.on("error", () => {}), end ? socket.end(text) : socket.write(text));
  return (await listen(send)).port;
}

describe("what a server sends before its identification", () => {
  it("lines that are not one, then silence: ConnectTimeout ends the wait, in ssh's words", async () => {
    const [openssh, native] = await both(await server("HTTP/1.1 400 Bad Request\r\n\r\n"));
    expect(openssh!.message).toMatch(/Connection timed out during banner exchange/);
    expect(native).toEqual(openssh);
  });

  it.each([
    ["a NUL in a line", "SSH-2.0-x\0y\r\n", /banner line contains invalid characters/],
    ["a CR inside a line", "a\rb\r\n", /banner line contains invalid characters/],
    ["a line past 8192 bytes", "z".repeat(9000), /banner line too long/],
    ["no identification in 1024 lines", "line\r\n".repeat(1100), /No SSH version received in first 1024 lines/],
    ["an identification ssh cannot read", "SSH-2.x-foo\r\n", /Bad remote protocol version identification/],
    ["SSH protocol 1", "SSH-1.5-old\r\n", /Protocol major versions differ: 2 vs. 1/],
  ])("%s is refused at once, in ssh's words", async (_, text, said) => {
    const port = await server(text);
    const [openssh, native] = await both(port);
    expect(openssh!.stderr).toMatch(said);
    expect(openssh!.stderr).toMatch(`banner exchange: Connection to 127.0.0.1 port ${port}: `);
    expect(native).toEqual(openssh);
  });

  it.each([
    ["nothing", ""],
    ["lines that are not one", "HTTP/1.1 400 Bad Request\r\n\r\n"],
  ])("a connection closed after %s says so in ssh's two lines", async (_, text) => {
    const port = await server(text, true);
    const [openssh, native] = await both(port);
    expect(openssh!.stderr).toMatch(/kex_exchange_identification: Connection closed by remote host/);
    expect(native).toEqual(openssh);
  });
});

describe("a server that resets the connection", () => {
  it.each([
    ["before its identification", "", /^kex_exchange_identification: read: Connection reset by peer$/m],
    ["after its identification, at the client's", "SSH-2.0-OpenSSH_9.2\r\n", /^Connection reset by 127\.0\.0\.1 port/m],
  ])("%s says so in ssh's words", async (_, text, said) => {
    // At the client's first bytes (its identification), with an RST rather than a close.
    const reset = (socket: Socket) => {
      socket.on("error", () => {});
      if (text !== "") socket.write(text);
      socket.once("data", () => socket.resetAndDestroy());
    };
    const [openssh, native] = await both((await listen(reset)).port);
    expect(openssh!.stderr).toMatch(said);
    expect(native).toEqual(openssh);
  });
});

describe("an identification ssh takes and ssh2 does not", () => {
  it("leaves the host to ssh, saying why under trace", async () => {
    const lines: string[] = [];
    configure({ trace: (line) => lines.push(line) });
    onTestFinished(() => void configure({ trace: undefined }));
    // Then gone: ssh, which reads it, fails on the key exchange instead.
    const port = await server("SSH-2.00-odd\r\n", true);
    const sshOptions = ["-F", "/dev/null", "-o", "ConnectTimeout=2"];
    const host = new Host("127.0.0.1", { transport: "native", port, hostKeyCheck: "none", sshOptions });
    const error = await host.run("true", pipe).catch((e: unknown) => e);
    expect(lines.filter((line) => line.includes("transport"))).toEqual([
      "127.0.0.1: transport native",
      "127.0.0.1: transport openssh (ssh2 cannot read the server's identification, which ssh takes)",
    ]);
    expect((error as CommandError).stderr).toMatch(`Connection closed by 127.0.0.1 port ${port}`);
  });
});

describe("a connection made before ssh2 reads it (an early one)", () => {
  it("holding lines that are not an identification still ends at ConnectTimeout", { timeout: 20_000 }, async () => {
    const port = await server("HTTP/1.1 400 Bad Request\r\n\r\n");
    const resolved = resolveSsh("127.0.0.1", ["-F", "none", "-p", String(port), "-o", "ConnectTimeout=2"]);
    const socket = await tcp(resolved);
    for (let i = 0; i < 500 && socket.readableLength === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(socket.readableLength).toBeGreaterThan(0);
    const hop = keylessHop(resolved);
    const banner = /^Connection timed out during banner exchange\nConnection to 127.0.0.1 port \d+ timed out$/;
    await expect(connectHop(hop, socket)).rejects.toMatchObject({ lines: expect.stringMatching(banner) });
  });
});
