import type { Host } from "@deploykit/core";
import { DeployNixosError } from "./errors.ts";
import { rebuildArgv, type ConfigKind } from "./rebuild-argv.ts";
import { fromStageArgv, rsyncArgv } from "./rsync-argv.ts";
import type { HostPlan, NixosAction, NixosMeta } from "./types.ts";
import { assertFlakeAttr, assertTargetHost, configDirOf } from "./validate.ts";

export type PlanInput = {
  readonly source: { readonly dir: string; readonly kind: ConfigKind };
  readonly action: NixosAction;
  readonly excludes: readonly string[];
  readonly extraArgs: readonly string[];
};

const DEFAULT_CONFIG_DIR = "/etc/nixos";

/** Resolves and validates one host's meta into the two commands to run; throws before anything is sent. Pure. */
export function planHost(host: Host<NixosMeta>, input: PlanInput): HostPlan {
  const meta: NixosMeta = host.meta ?? {};
  const where = (field: keyof NixosMeta) => `meta.${field}\` of host \`${host.commandPrefix}`;
  const configDir = configDirOf(meta.configDir ?? DEFAULT_CONFIG_DIR, where("configDir"));
  const targetHost = meta.targetHost ?? "localhost";
  assertTargetHost(targetHost, where("targetHost"));
  let flakeAttr: string | undefined;
  if (input.source.kind === "flake") {
    flakeAttr = meta.flakeAttr ?? host.hostname;
    assertFlakeAttr(
      flakeAttr,
      meta.flakeAttr === undefined
        ? `hostname (the default meta.flakeAttr)\` of host \`${host.commandPrefix}`
        : where("flakeAttr"),
    );
  } else if (meta.flakeAttr !== undefined) {
    throw new DeployNixosError(
      "flake-attr-without-flake",
      `host ${host.commandPrefix} sets flakeAttr "${String(meta.flakeAttr)}", but ${input.source.dir} has no ` +
        "flake.nix (only configuration.nix); drop flakeAttr, or add a flake.nix",
      input.source.dir,
    );
  }
  return {
    configDir,
    rsync: (sshArgs, { stage, idleS } = {}) =>
      rsyncArgv(host, input.source.dir, stage ?? configDir, input.excludes, sshArgs, {
        asLoginUser: stage !== undefined,
        idleS,
      }),
    fromStage: (stage, idleS) => fromStageArgv(stage, configDir, input.excludes, idleS),
    rebuild: rebuildArgv(input.action, { kind: input.source.kind, configDir, flakeAttr, targetHost }, input.extraArgs),
  };
}
