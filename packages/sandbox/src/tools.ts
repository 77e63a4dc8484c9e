// Finds the programs a sandbox runs, and says what to install when some are missing.
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** A program and the Debian package that provides it. */
export type Tool = readonly [tool: string, pkg: string];

/** Some programs a sandbox needs are not installed; `packages` provide them. */
export class MissingToolsError extends Error {
  override readonly name = "MissingToolsError";
  constructor(
    readonly what: string,
    readonly tools: readonly string[],
    readonly packages: readonly string[],
  ) {
    const sudo = process.getuid?.() === 0 ? "" : "sudo ";
    super(`${what} need ${tools.join(", ")}: install with \`${sudo}apt-get install -y ${packages.join(" ")}\``);
  }
}

/** Where `tool` is on PATH (plus the sbin directories root has), or undefined. */
export function findTool(tool: string, path = process.env.PATH ?? ""): string | undefined {
  const dirs = [...path.split(delimiter), "/usr/sbin", "/sbin"].filter(Boolean);
  for (const dir of dirs) {
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return join(dir, tool);
    } catch {
      // Not in this directory: keep looking.
    }
  }
  return undefined;
}

/** Throws MissingToolsError naming the packages to install when any of `tools` is not found; `what` needs them. */
export function assertTools(what: string, tools: readonly Tool[]): void {
  const missing = tools.filter(([tool]) => findTool(tool) === undefined);
  if (missing.length > 0) {
    throw new MissingToolsError(
      what,
      missing.map(([tool]) => tool),
      [...new Set(missing.map(([, pkg]) => pkg))],
    );
  }
}
