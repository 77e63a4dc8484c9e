import { useFleet as useSandboxFleet } from "@deploykit/sandbox/vitest";
import type { SandboxOptions } from "@deploykit/sandbox";
import { BUILD_HOOK_MS, ensureBuilt } from "./build.ts";

/** A built dk and the sandbox fleet of the current test file. */
export function useFleet(options: SandboxOptions) {
  const fleet = useSandboxFleet(options, ensureBuilt, BUILD_HOOK_MS + 60_000);
  return {
    get sandbox() {
      return fleet.sandbox;
    },
    /** `--hosts SPEC --key KEY`: the flags every task of the fleet fixture takes. */
    hostFlags(): string[] {
      return ["--hosts", this.sandbox.spec, "--key", this.sandbox.key];
    },
  };
}
