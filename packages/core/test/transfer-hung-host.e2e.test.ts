// A host that hangs mid-transfer (its sshd stopped) while rsync goes over the host's shared connection: the master
// holds rsync's stderr for as long as the hung session stays open, yet the call ends at its timeout or abort, plus
// the stop's bound, and not when ssh's keep-alive would give up.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrinter } from "../src/output/printer.ts";
import { TransferError } from "../src/transfer/transfer-error.ts";
import { useFleet } from "./helpers/fleet.ts";
import { bigFile, hangWhenCopying, killSessions } from "./helpers/hang-copy.ts";

const fleet = useFleet({ hosts: 1 });
const root = mkdtempSync(join(tmpdir(), "dk-hung-host-"));
// Far past the bound checked: a call that waited for ssh's keep-alive would fail the test.
const KEEP_ALIVE = ["-o", "ServerAliveInterval=60"];
const TIMEOUT_MS = 4000;
// The stop's own steps take 2 s; the rest is room for a busy machine.
const BOUND_MS = TIMEOUT_MS + 6000;

beforeAll(() => setPrinter({ line: () => undefined, notice: () => {} }));
afterAll(() => {
  setPrinter(undefined);
  rmSync(root, { recursive: true, force: true });
});

describe("a host that hangs mid-transfer over a shared connection", () => {
  it.each(["upload", "download"] as const)(
    "%s: ends at its timeout, or when aborted",
    async (direction) => {
      for (const stop of ["timeout", "abort"] as const) {
        const host = fleet.host({ sshOptions: [...fleet.sandbox.hostOptions.sshOptions, ...KEEP_ALIVE] });
        // The second run opens the master, which the transfer then shares.
        await host.run("true", { quiet: true });
        await host.run("true", { quiet: true });
        const dir = mkdtempSync(join(root, `${direction}-${stop}-`));
        const [local, remote] = [join(dir, "local"), join(dir, "remote")];
        mkdirSync(direction === "upload" ? remote : local);
        const source = bigFile(join(dir, "big"));
        const abort = new AbortController();
        const options = stop === "timeout" ? { timeout: TIMEOUT_MS } : { signal: abort.signal };
        const started = Date.now();
        const call =
          direction === "upload"
            ? host.upload(source, `${remote}/`, options)
            : host.download(source, `${local}/`, options);
        const settled = call.catch((e: unknown) => e);
        const stopped = await hangWhenCopying(direction === "upload" ? remote : local, fleet.sandbox.pids);
        if (stop === "abort") setTimeout(() => abort.abort(), Math.max(0, started + TIMEOUT_MS - Date.now()));
        try {
          const bounded = new Promise((resolve) => setTimeout(() => resolve("still running"), BOUND_MS * 2));
          const outcome = await Promise.race([settled, bounded]);
          expect(Date.now() - started).toBeLessThan(BOUND_MS);
          expect(outcome).toBeInstanceOf(TransferError);
          const how = stop === "timeout" ? `timed out after ${TIMEOUT_MS} ms` : "was interrupted";
          expect((outcome as TransferError).reason).toMatch(new RegExp(`^the ${direction} ${how}: nothing is half-`));
        } finally {
          killSessions(stopped);
          await host.closeConnection();
        }
      }
    },
    90_000,
  );
});
