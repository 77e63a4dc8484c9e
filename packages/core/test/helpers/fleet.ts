import { useFleet as useSandboxFleet } from "@deploykit/sandbox/vitest";
import type { SandboxOptions } from "@deploykit/sandbox";
import { Host } from "../../src/host.ts";
import type { HostOptions } from "../../src/types.ts";
import type { ParseHostsOptions } from "../../src/types.ts";
import { parseHosts } from "../../src/parse-hosts.ts";
import type { Group } from "../../src/group.ts";

/** The sandbox fleet of the current test file, and its hosts as a Group. */
export function useFleet(options: SandboxOptions = {}) {
  const fleet = useSandboxFleet(options);
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
  };
}
