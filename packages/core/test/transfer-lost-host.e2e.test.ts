// A host lost mid-transfer while rsync goes over the host's shared connection: the master notices (keep-alive) and
// ends the session, and its client, rsync's ssh, exits 255 without a word. The transfer says that the connection was
// lost, as it does over a connection of its own, not rsync's "write error: Broken pipe".
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrinter } from "../src/output/printer.ts";
import { TransferError } from "../src/transfer/transfer-error.ts";
import { useFleet } from "./helpers/fleet.ts";
import { bigFile, hangWhenCopying, killSessions } from "./helpers/hang-copy.ts";
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
      const source = bigFile(join(dir, "big"));
      const call = direction === "upload" ? host.upload(source, `${remote}/`) : host.download(source, `${local}/`);
      const settled = call.catch((e: unknown) => e);
      const stopped = await hangWhenCopying(direction === "upload" ? remote : local, fleet.sandbox.pids);
      try {
        const e = await rejection(
          settled.then((e) => Promise.reject(e)),
          TransferError,
        );
        expect(e.kind).toBe("ssh");
        expect(e.reason).toMatch(/^ssh failed: .*the connection to the host was lost/);
      } finally {
        killSessions(stopped);
        await host.closeConnection();
      }
    },
    60_000,
  );
});
