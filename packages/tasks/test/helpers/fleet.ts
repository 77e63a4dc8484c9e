import { startSandbox, type Sandbox, type SandboxOptions } from "@deploykit/sandbox";
import { afterAll, beforeAll } from "vitest";
import { ensureBuilt } from "./build.ts";

/** A built dk and a sandbox fleet for the current test file, stopped afterwards. Never skips: no sshd is a failure. */
export function useFleet(options: SandboxOptions) {
  const state: { sandbox?: Sandbox } = {};
  beforeAll(async () => {
    await ensureBuilt();
    state.sandbox = await startSandbox(options);
  }, 120_000);
  afterAll(() => state.sandbox?.stop());
  return {
    get sandbox(): Sandbox {
      if (!state.sandbox) throw new Error("the sandbox fleet has not started");
      return state.sandbox;
    },
    /** `--hosts SPEC --key KEY`: the flags every task of the fleet fixture takes. */
    hostFlags(): string[] {
      return ["--hosts", this.sandbox.spec, "--key", this.sandbox.key];
    },
  };
}
