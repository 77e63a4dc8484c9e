import { startSandbox, type Sandbox, type SandboxOptions } from "@deploykit/sandbox";
import { afterAll, beforeAll } from "vitest";
import { parseHosts } from "../../src/parse-hosts.ts";
import type { Group } from "../../src/group.ts";

/** Starts a sandbox fleet for the current test file and stops it afterwards. Never skips: no sshd is a failure. */
export function useFleet(options: SandboxOptions = {}) {
  const state: { sandbox?: Sandbox } = {};
  beforeAll(async () => {
    state.sandbox = await startSandbox(options);
  });
  afterAll(async () => {
    await state.sandbox?.stop();
  });
  return {
    get sandbox(): Sandbox {
      if (!state.sandbox) throw new Error("the sandbox fleet has not started");
      return state.sandbox;
    },
    group(): Group {
      return parseHosts(this.sandbox.spec, this.sandbox.hostOptions);
    },
  };
}
