import type { UploadOptions } from "../types.ts";
import { closest } from "../option-keys.ts";
import { assertStop, assertSwitches, fail } from "../validate.ts";
import { expandHome } from "./paths.ts";
import { isChmod } from "./chmod-syntax.ts";

const KEYS = {
  upload: ["mode", "owner", "group", "becomeRoot", "sudoPassword", "delete", "exclude", "timeout", "signal", "dryRun"],
  download: ["becomeRoot", "delete", "exclude", "timeout", "signal", "dryRun"],
} as const;
const GROUP_KEYS = ["concurrency"];

/**
 * Checks a transfer's paths and options before anything runs: a `TypeError` naming what is wrong. `concurrency` is
 * known to group calls only (`on`).
 */
export function assertTransferOptions(
  direction: keyof typeof KEYS,
  source: unknown,
  destination: unknown,
  options: UploadOptions & { readonly concurrency?: number },
  on: "host" | "group" = "group",
): void {
  for (const [name, path] of [
    ["source", source],
    ["destination", destination],
  ] as const) {
    if (typeof path !== "string" || path === "") fail(name, "a non-empty path", path);
    if (path.includes("\0")) fail(name, "a path without NUL bytes", JSON.stringify(path));
  }
  // A local `~bob/…` is refused here, before a group starts any host.
  expandHome(direction === "upload" ? (source as string) : (destination as string));
  if (typeof options !== "object" || options === null) fail("options", "an object", options);
  const known: readonly string[] = [...KEYS[direction], ...(on === "group" ? GROUP_KEYS : [])];
  const unknown = Object.keys(options).find((key) => !known.includes(key));
  if (unknown !== undefined) {
    const guess = closest(unknown, known);
    const hint = guess === undefined ? "" : `; did you mean \`${guess}\`?`;
    throw new TypeError(
      `Unknown ${direction} option \`${unknown}\` for ${on}.${direction}()${hint} (known: ${known.join(", ")})`,
    );
  }
  const { mode, owner, group, exclude } = options;
  if (
    mode !== undefined &&
    !(typeof mode === "string" ? isChmod(mode) : Number.isInteger(mode) && mode >= 0 && mode <= 0o7777)
  )
    fail("mode", "a permission number (0o640) or an rsync --chmod string (`D750,F640`, `go-w`)", mode);
  for (const [name, value] of [
    ["owner", owner],
    ["group", group],
  ] as const) {
    if (value !== undefined && !(typeof value === "string" && /^[\w.][\w.-]*\$?$/.test(value)))
      fail(name, "a user or group name (or number)", value);
  }
  if (exclude !== undefined && !(Array.isArray(exclude) && exclude.every((p) => typeof p === "string" && p !== "")))
    fail("exclude", "an array of rsync patterns", exclude);
  assertStop(options);
  assertSwitches(options, ["delete", "becomeRoot", "dryRun"]);
}
