import { execFileSync } from "node:child_process";
import type { Socket } from "node:net";
import { afterEach, expect, it } from "vitest";
import { tcp } from "../src/ssh/native/tcp.ts";
import { resolveSsh } from "../src/ssh/resolve/resolve.ts";
import { useListeners } from "./helpers/listeners.ts";

// ssh turns SO_KEEPALIVE on by default (TCPKeepAlive yes), so a host that vanishes during a long command without
// ServerAlive is noticed by the kernel's keep-alive; native must set the same on its socket. The kernel says which
// sockets carry the option: `ss -o` shows a keepalive timer on an idle established one.
const listen = useListeners();
const open: Socket[] = [];
afterEach(() => open.splice(0).forEach((socket) => socket.destroy()));

async function socketTo(...options: string[]): Promise<Socket> {
  const { port } = await listen();
  const at = resolveSsh("127.0.0.1", ["-F", "none", "-p", String(port), ...options.flatMap((o) => ["-o", o])]);
  const socket = await tcp(at);
  open.push(socket);
  return socket;
}

function kernelTimer(socket: Socket): string {
  const line = execFileSync("ss", ["-tnoH", "state", "established", `( sport = :${socket.localPort} )`], {
    encoding: "utf8",
  });
  expect(line).toContain(`:${socket.localPort}`);
  return line;
}

it("keeps TCP keep-alive on by default, as ssh does", async () => {
  expect(kernelTimer(await socketTo())).toMatch(/timer:\(keepalive,/);
});

it.each(["TCPKeepAlive=no", "TCPKeepAlive=false"])("turns it off for %s", async (option) => {
  expect(kernelTimer(await socketTo(option))).not.toMatch(/keepalive/);
});
