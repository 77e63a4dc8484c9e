import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import type { Server, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConnectFailure } from "../src/ssh/native/failure.ts";
import { connectEarly, dropEarly, tcp } from "../src/ssh/native/tcp.ts";
import { resolveSsh } from "../src/ssh/resolve/resolve.ts";
import { useListeners } from "./helpers/listeners.ts";
import { runScript } from "./helpers/script.ts";

// The TCP connection native starts while ssh2 loads: taken by the first connection to that address, closed if unused.
const listen = useListeners();

// A listener that keeps what it accepts.
async function keeping(): Promise<{ port: number; server: Server; accepted: Socket[] }> {
  const accepted: Socket[] = [];
  return { ...(await listen((socket: Socket) => accepted.push(socket))), accepted };
}

const at = (port: number) => resolveSsh("127.0.0.1", ["-F", "none", "-p", String(port)]);
const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe("early TCP connection", () => {
  it("is the one the next connection to that address uses; the one after gets its own", async () => {
    const { port, accepted } = await keeping();
    connectEarly(at(port));
    await until(() => accepted.length === 1);
    const first = await tcp(at(port));
    first.write("hello");
    await until(() => accepted[0]!.readableLength > 0);
    expect(accepted).toHaveLength(1);
    const second = await tcp(at(port));
    await until(() => accepted.length === 2);
    expect(accepted).toHaveLength(2);
    first.destroy();
    second.destroy();
  });

  it("is not taken by a connection to that address under another AddressFamily", async () => {
    const { port, accepted } = await keeping();
    connectEarly(at(port));
    await until(() => accepted.length === 1);
    const inet6 = resolveSsh("127.0.0.1", ["-F", "none", "-p", String(port), "-o", "AddressFamily=inet6"]);
    await expect(tcp(inet6)).rejects.toThrow(/Address family for hostname not supported/);
    (await tcp(at(port))).destroy();
    expect(accepted).toHaveLength(1);
  });

  it("is closed when dropped (the host goes through ssh instead)", async () => {
    const { port, accepted } = await keeping();
    connectEarly(at(port));
    await until(() => accepted.length === 1);
    let closed = false;
    accepted[0]!.on("close", () => (closed = true)).resume();
    dropEarly(at(port));
    await until(() => closed);
    expect(closed).toBe(true);
  });

  it("that failed fails its taker with ssh's words", async () => {
    const { port, server } = await listen();
    await new Promise((resolve) => server.close(resolve));
    connectEarly(at(port));
    const failure = await tcp(at(port)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConnectFailure);
    expect((failure as ConnectFailure).lines).toContain("Connection refused");
  });

  it("tried again (ConnectionAttempts) keeps the process alive for its taker until the last try", async () => {
    const { port, server } = await listen();
    await new Promise((resolve) => server.close(resolve));
    // A process with nothing else to do: the run alone must keep it alive through the second between tries.
    const r = await runScript(
      `const options = ["-F", "none", "-o", "ConnectionAttempts=2"];
      const [host] = core.parseHosts("127.0.0.1:${port}", { transport: "native", sshOptions: options }).hosts;
      const error = await host!.run("true", { echo: false, stdout: "pipe", stderr: "pipe" }).catch((e: Error) => e);
      console.log(String((error as Error).message).includes("Connection refused") ? "refused" : String(error));`,
      { timeoutMs: 60_000 },
    );
    expect(r.stdout).toBe("refused\n");
    expect(r.code).toBe(0);
  });
});

describe("a server that resets the connection it accepted", () => {
  it("fails with ssh's two lines: the banner's read reset, then who reset it", async () => {
    const flag = join(mkdtempSync(join(tmpdir(), "dk-reset-")), "reset");
    // In another process, so that it accepts and resets while this one is kept from reading the outcome.
    const server = spawn(process.execPath, [
      "-e",
      `const mark = () => require("node:fs").writeFileSync(${JSON.stringify(flag)}, "");
      const s = require("node:net").createServer((c) => (c.resetAndDestroy(), mark()));
      s.listen(0, "127.0.0.1", () => console.log(s.address().port));`,
    ]);
    try {
      const port = Number(
        await new Promise<string>((resolve) => server.stdout.once("data", (d: Buffer) => resolve(String(d)))),
      );
      const made = tcp(at(port)).catch((error: unknown) => error);
      // The connect goes out on the next tick; the reset is in before this process looks at the connection.
      await new Promise((resolve) => process.nextTick(resolve));
      const sleeper = new Int32Array(new SharedArrayBuffer(4));
      for (let i = 0; i < 1000 && !existsSync(flag); i++) Atomics.wait(sleeper, 0, 0, 10);
      const failure = await made;
      expect(failure).toBeInstanceOf(ConnectFailure);
      expect((failure as ConnectFailure).lines).toBe(
        `kex_exchange_identification: read: Connection reset by peer\nConnection reset by 127.0.0.1 port ${port}`,
      );
    } finally {
      server.kill();
    }
  });
});
