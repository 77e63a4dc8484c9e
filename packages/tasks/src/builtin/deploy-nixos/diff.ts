import { isDryRun, printer, quoteArgv, type Host } from "@deploykit/core";
import type { HostPlan } from "./types.ts";

/**
 * Builds the new system on the host (nixos-rebuild build, into a temporary directory) and prints, tagged, what
 * changes from the running one: `nvd diff` when installed, else `nix store diff-closures`. Activation reuses the build.
 * Aborting `signal` (Ctrl-C) stops it.
 */
export async function showDiff(host: Host<unknown>, plan: HostPlan, signal?: AbortSignal): Promise<void> {
  const build = ["nixos-rebuild", "build", ...plan.rebuild.slice(2)];
  const script = [
    "set -e",
    'dir=$(mktemp -d /tmp/dk-diff.XXXXXX); trap \'rm -rf "$dir"\' EXIT; cd "$dir"',
    `${quoteArgv(build)} >/dev/null`,
    "if command -v nvd >/dev/null; then nvd diff /run/current-system ./result",
    // `nix store` is a nix-command subcommand, off by default on NixOS without flakes enabled.
    "else nix --extra-experimental-features nix-command store diff-closures /run/current-system ./result; fi",
  ].join("\n");
  // A dry run runs nothing and, with echo off, would print nothing: one line says what would happen.
  if (isDryRun()) {
    const then = "then nvd diff (or nix store diff-closures)  (dry run: would print what changes)";
    await printer().line(host.commandPrefix, `$ ${build.join(" ")}, ${then}`);
    return;
  }
  await host.run(script, { becomeRoot: true, echo: false, ...(signal === undefined ? {} : { signal }) });
}
