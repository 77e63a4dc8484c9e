import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import { findExecutable } from "@deploykit/core";
import { OptionError } from "../input.ts";
import { DeployNixosError } from "./errors.ts";
import type { ConfigKind } from "./rebuild-argv.ts";

/** Throws unless rsync can run on this machine. */
export function assertLocalRsync(): void {
  if (findExecutable("rsync") !== undefined) return;
  throw new DeployNixosError(
    "rsync-missing",
    "rsync is not installed on this machine (not found on PATH); install it first " +
      "(Debian/Ubuntu: apt-get install -y rsync; NixOS: nix-shell -p rsync), then deploy again",
  );
}

/** The absolute source directory and what it holds; throws when it is not a NixOS configuration. */
export function inspectSource(source: string): { dir: string; kind: ConfigKind } {
  const dir = resolve(source);
  if (!isDirectory(dir)) {
    throw new DeployNixosError(
      "source-missing",
      `the source directory ${dir} does not exist or is not a directory; ` +
        "pass the directory that holds flake.nix (or configuration.nix)",
      dir,
    );
  }
  if (isFile(join(dir, "flake.nix"))) return { dir, kind: "flake" };
  if (isFile(join(dir, "configuration.nix"))) return { dir, kind: "configuration.nix" };
  throw new DeployNixosError(
    "no-configuration",
    `${dir} holds neither flake.nix nor configuration.nix, so it is not a NixOS configuration; ` +
      "deploy the directory that has one (the source option, or where tasks.ts is)",
    dir,
  );
}

/**
 * dk's `--source` and `--flake-attr` against the configuration they name, before anything runs: a directory that is no
 * NixOS configuration, or an attribute for one without flake.nix, is bad usage of that flag (exit 2). Without either
 * flag, the directory of tasks.ts is checked where the deployment checks it.
 */
export function assertSourceFlags(given: string | undefined, flakeAttr: string | undefined, source: string): void {
  // An empty --source is the deployment's own check to refuse, as any bad `source` is.
  if ((given === undefined && flakeAttr === undefined) || given === "") return;
  let kind: ConfigKind;
  try {
    kind = inspectSource(source).kind;
  } catch (error) {
    if (given === undefined || !(error instanceof DeployNixosError)) throw error;
    throw new OptionError("source", `: ${error.message}`, error.message);
  }
  if (flakeAttr === undefined || kind === "flake") return;
  const why = `${resolve(source)} has no flake.nix (only configuration.nix); drop --flake-attr, or add one`;
  throw new OptionError("flakeAttr", ` ${flakeAttr}: ${why}`, why);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
