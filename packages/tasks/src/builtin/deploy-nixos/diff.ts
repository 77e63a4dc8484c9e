import { quoteArgv, type Host } from "@deploykit/core";
import type { HostPlan } from "./types.ts";

/**
 * Builds the new system on the host (nixos-rebuild build, into a temporary directory) and prints, tagged, what
 * changes from the running one: `nvd diff` when installed, else `nix store diff-closures`. Activation reuses the build.
 */
export async function showDiff(host: Host<unknown>, plan: HostPlan): Promise<void> {
  const build = ["nixos-rebuild", "build", ...plan.rebuild.slice(2)];
  const script = [
    "set -e",
    'dir=$(mktemp -d /tmp/dk-diff.XXXXXX); trap \'rm -rf "$dir"\' EXIT; cd "$dir"',
    `${quoteArgv(build)} >/dev/null`,
    "if command -v nvd >/dev/null; then nvd diff /run/current-system ./result",
    // `nix store` is a nix-command subcommand, off by default on NixOS without flakes enabled.
    "else nix --extra-experimental-features nix-command store diff-closures /run/current-system ./result; fi",
  ].join("\n");
  await host.run(script, { becomeRoot: true, echo: false });
}
