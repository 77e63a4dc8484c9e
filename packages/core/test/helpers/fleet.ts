import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll } from "vitest";
import { useFleet as useSandboxFleet } from "@deploykit/sandbox/vitest";
import type { SandboxOptions } from "@deploykit/sandbox";
import { Host } from "../../src/host.ts";
import type { HostOptions } from "../../src/types.ts";
import type { ParseHostsOptions } from "../../src/types.ts";
import { parseHosts } from "../../src/parse-hosts.ts";
import type { Group } from "../../src/group.ts";

/**
 * sshd_config lines that make the fleet's sshd log at DEBUG3 (read with `serverLog`): in a Match block, since the
 * sandbox sets LogLevel first and a main section keeps the first value.
 */
export const SERVER_DEBUG = ["Match all", "  LogLevel DEBUG3"];

/** The sandbox fleet of the current test file, and its hosts as a Group. */
export function useFleet(options: SandboxOptions = {}) {
  const fleet = useSandboxFleet(options);
  // Core runs from source here: the native transport's first load (vite compiling its files, a second on a busy
  // machine) would fall inside the first run's deadline, where a built core loads it in milliseconds.
  beforeAll(async () => {
    const { loadSsh2 } = await import("../../src/ssh/native/ssh2.ts");
    await import("../../src/ssh/native/route.ts");
    loadSsh2();
  });
  return {
    get sandbox() {
      return fleet.sandbox;
    },
    /** The fleet's hosts; `extra` options on top (e.g. a transport for a test about one of them). */
    group(extra: ParseHostsOptions = {}): Group {
      return parseHosts(this.sandbox.spec, { ...this.sandbox.hostOptions, ...extra });
    },
    /** The fleet's first host, as its user; `overrides` on top (a user, sshOptions of a test's own). */
    host(overrides: HostOptions = {}): Host {
      const { sandbox } = this;
      return new Host(sandbox.addresses[0]!, {
        user: sandbox.user,
        port: sandbox.port,
        ...sandbox.hostOptions,
        ...overrides,
      });
    },
    /** What the sshd of the fleet's first host has logged so far. */
    serverLog(): string {
      return readFileSync(join(this.sandbox.dir, "sshd.0.log"), "utf8");
    },
  };
}
