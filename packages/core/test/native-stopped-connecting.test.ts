import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { Host } from "../src/host.ts";
import { SILENT } from "../src/output/echo.ts";
import { setPrinter } from "../src/output/printer.ts";

// A server that takes the connection and never greets: a native run waits for it (up to ConnectTimeout) before its
// command is sent, so a stop there comes before the command started, and fails as any run stopped so does.
let server: Server;
const sockets: Socket[] = [];
let previous: ReturnType<typeof setPrinter>;
beforeAll(async () => {
  previous = setPrinter(SILENT);
  server = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});
afterAll(() => {
  setPrinter(previous);
  for (const socket of sockets) socket.destroy();
  server.close();
});

it.each(["timeout", "signal"] as const)(
  "a native run stopped while it connects, by its %s",
  async (how) => {
    const { port } = server.address() as AddressInfo;
    const sshOptions = ["-F", "/dev/null", "-o", "IdentityAgent=none", "-o", "ConnectTimeout=60"];
    const host = new Host("127.0.0.1", { port, transport: "native", hostKeyCheck: "none", sshOptions });
    const stop = how === "timeout" ? { timeout: 300 } : { signal: AbortSignal.timeout(300) };
    const error = await host.run("true", { freshConnection: true, ...stop }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject(
      how === "timeout" ? { exitCode: 143, timedOut: true } : { exitCode: 130, interrupted: true },
    );
    const why = how === "timeout" ? "timed out after 300 ms" : "was interrupted";
    expect((error as CommandError).message).toBe(
      `[127.0.0.1] \`true\` ${why} while connecting to the host; the command never started`,
    );
  },
  20_000,
);
