import { chmodSync } from "node:fs";
import { afterAll, beforeAll } from "vitest";
import { createSudoUser, type SudoUser, type SudoUserOptions } from "@deploykit/sandbox";
import { Host } from "../../src/host.ts";
import type { HostOptions } from "../../src/types.ts";
import type { useFleet } from "./fleet.ts";

/**
 * A throwaway login user on the test file's one-host `fleet`, made before its tests and removed after them, whose sudo
 * asks for `password` (or, with `noPassword`, for none); `host()` logs in to the fleet's host as that user.
 */
export function useSudoUser(
  fleet: ReturnType<typeof useFleet>,
  name: string,
  password: string,
  options: SudoUserOptions = {},
) {
  let user: SudoUser | undefined;
  beforeAll(() => {
    // The user reads the sandbox's home (its authorized_keys) through this directory.
    chmodSync(fleet.sandbox.dir, 0o755);
    user = createSudoUser(name, password, fleet.sandbox.home, options);
  });
  afterAll(async () => {
    await user?.remove();
  });
  return {
    name,
    /** The fleet's host, logging in as the user; `options` on top. */
    host: (options: HostOptions = {}) =>
      new Host(fleet.sandbox.addresses[0]!, {
        port: fleet.sandbox.port,
        ...fleet.sandbox.hostOptions,
        user: name,
        ...options,
      }),
  };
}
