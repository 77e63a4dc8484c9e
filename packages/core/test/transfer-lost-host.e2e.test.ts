// A host lost mid-transfer while rsync goes over the host's shared connection: the master notices (keep-alive) and
// ends the session, and its client, rsync's ssh, exits 255 without a word. The transfer says that the connection was
// lost, as it does over a connection of its own, not rsync's "write error: Broken pipe".
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitUntil } from "@deploykit/sandbox";
import { setPrinter } from "../src/output/printer.ts";
import { TransferError } from "../src/transfer/transfer-error.ts";
import { useFleet } from "./helpers/fleet.ts";
import { rejection } from "./helpers/rejection.ts";

const fleet = useFleet({ hosts: 1 });
const root = mkdtempSync(join(tmpdir(), "dk-lost-host-"));
// ssh gives up on the host 2 s after its last packet.
const KEEP_ALIVE = ["-o", "ServerAliveInterval=1", "-o", "ServerAliveCountMax=1"];

beforeAll(() => setPrinter({ line: () => undefined, notice: () => {} }));
afterAll(() => {
  setPrinter(undefined);
  rmSync(root, { recursive: true, force: true });
});

// It may have ended already.
function kill(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {}
}

// Once rsync's temporary file in `dir` has data, stops the sshd processes serving the fleet's connections (children
// of its listeners, by PID) and returns them.
async function hangWhenCopying(dir: string): Promise<number[]> {
  const copying = () => readdirSync(dir).some((name) => name.startsWith(".") && statSync(join(dir, name)).size > 0);
  await waitUntil(copying, "rsync to write data", 20_000);
  const sessions = fleet.sandbox.pids.flatMap((pid) =>
    spawnSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
      .stdout.split("\n")
      .filter(Boolean)
      .map(Number),
  );
  for (const pid of sessions) process.kill(pid, "SIGSTOP");
  return sessions;
}

describe("a host lost mid-transfer over a shared connection", () => {
  it.each(["upload", "download"] as const)(
    "%s: says that the connection to the host was lost",
    async (direction) => {
      const host = fleet.host({ sshOptions: [...fleet.sandbox.hostOptions.sshOptions, ...KEEP_ALIVE] });
      // The second run opens the master, which the transfer then shares.
      await host.run("true", { quiet: true });
      await host.run("true", { quiet: true });
      const dir = mkdtempSync(join(root, `${direction}-`));
      const [local, remote] = [join(dir, "local"), join(dir, "remote")];
      mkdirSync(direction === "upload" ? remote : local);
      // Sparse: costs no disk, while rsync reads and sends every byte of it, far longer than the test.
      const source = join(dir, "big");
      writeFileSync(source, "");
      truncateSync(source, 64 * 1024 ** 3);
      const call = direction === "upload" ? host.upload(source, `${remote}/`) : host.download(source, `${local}/`);
      const settled = call.catch((e: unknown) => e);
      const stopped = await hangWhenCopying(direction === "upload" ? remote : local);
      try {
        const e = await rejection(
          settled.then((e) => Promise.reject(e)),
          TransferError,
        );
        expect(e.kind).toBe("ssh");
        expect(e.reason).toMatch(/^ssh failed: .*the connection to the host was lost/);
      } finally {
        for (const pid of stopped) kill(pid);
        await host.closeConnection();
      }
    },
    60_000,
  );
});
