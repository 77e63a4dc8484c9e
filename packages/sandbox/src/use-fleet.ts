import { afterAll, beforeAll } from "vitest";
import { startSandbox } from "./start.ts";
import type { Sandbox, SandboxOptions } from "./types.ts";

/**
 * A sandbox fleet for the current vitest file: started before its tests (after `prepare`, e.g. a build), stopped
 * after them. Never skips: no sshd is a failure.
 */
export function useFleet(
  options: SandboxOptions = {},
  prepare?: () => Promise<void>,
  /** Bounds `prepare` and the start together. */
  timeoutMs = 120_000,
): { readonly sandbox: Sandbox } {
  const state: { sandbox?: Sandbox } = {};
  beforeAll(async () => {
    await prepare?.();
    state.sandbox = await startSandbox(options);
  }, timeoutMs);
  afterAll(() => state.sandbox?.stop());
  return {
    get sandbox(): Sandbox {
      if (!state.sandbox) throw new Error("the sandbox fleet has not started");
      return state.sandbox;
    },
  };
}
