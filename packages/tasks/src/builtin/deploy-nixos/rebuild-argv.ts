import type { NixosAction } from "./types.ts";

/** How the shipped directory describes the system. */
export type ConfigKind = "flake" | "configuration.nix";

export type RebuildTarget = {
  readonly kind: ConfigKind;
  readonly configDir: string;
  /** Only for flakes. */
  readonly flakeAttr?: string | undefined;
  readonly targetHost: string;
};

/** The `nixos-rebuild` argv run on the host (core adds sudo when the user is not root). Pure. */
export function rebuildArgv(action: NixosAction, target: RebuildTarget, extraArgs: readonly string[]): string[] {
  const flake = target.kind === "flake";
  return [
    "nixos-rebuild",
    action,
    ...(flake ? ["--option", "accept-flake-config", "true"] : []),
    // Build on the host itself; nixos-rebuild reads `localhost` as "this machine, no ssh".
    "--build-host",
    "localhost",
    "--target-host",
    target.targetHost,
    // Without a flake, the classic entry point: NIX_PATH's nixos-config, pointed at the shipped file.
    ...(flake
      ? ["--flake", `${target.configDir}#${target.flakeAttr}`]
      : ["-I", `nixos-config=${target.configDir}/configuration.nix`]),
    ...extraArgs,
  ];
}
