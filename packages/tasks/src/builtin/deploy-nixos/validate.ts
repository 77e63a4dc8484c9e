import { fail, OptionError } from "../input.ts";
import type { OnInterrupt } from "./on-interrupt.ts";
import type { NixosAction } from "./types.ts";

export const ACTIONS: readonly NixosAction[] = ["switch", "boot", "test", "build", "dry-activate"];

// Attribute names: nixos-rebuild splits `--flake dir#attr` on `#` and quotes the attr with `"`; a hostname or an
// IP address fits, and no shell or flake-URL syntax does.
const FLAKE_ATTR = /^[A-Za-z0-9_][A-Za-z0-9_.:+-]*$/;
// `[user@]host` as nixos-rebuild hands it to ssh; never starting with `-`, so ssh cannot read it as an option.
const TARGET_HOST = /^(?:[A-Za-z0-9_.][A-Za-z0-9_.-]*@)?[A-Za-z0-9_.:[\]%][A-Za-z0-9_.:[\]%-]*$/;
// Absolute, and only characters that are literal for the shell, rsync and a flake URL (`#`, `?`, `:` are not).
const CONFIG_DIR = /^(?:\/[A-Za-z0-9_.+@-]+)+$/;

export function assertAction(action: unknown): asserts action is NixosAction {
  if (!ACTIONS.includes(action as NixosAction)) fail("action", `one of ${ACTIONS.join(", ")}`, action);
}

const ON_INTERRUPT: readonly OnInterrupt[] = ["ask", "stop", "leave"];

export function assertOnInterrupt(choice: unknown): asserts choice is OnInterrupt {
  if (!ON_INTERRUPT.includes(choice as OnInterrupt)) fail("onInterrupt", `one of ${ON_INTERRUPT.join(", ")}`, choice);
}

export function assertFlakeAttr(attr: unknown, where: string): asserts attr is string {
  if (typeof attr !== "string" || !FLAKE_ATTR.test(attr)) {
    fail(
      where,
      "a nixosConfigurations attribute name (letters, digits, `_ . : + -`; no spaces, quotes or shell syntax)",
      attr,
    );
  }
}

export function assertTargetHost(target: unknown, where: string): asserts target is string {
  if (typeof target !== "string" || !TARGET_HOST.test(target)) {
    fail(where, "`[user@]host` (letters, digits, `_ . : - [ ] %`; not starting with `-`)", target);
  }
}

/** `dir` as a configDir, checked (see assertConfigDir): without a trailing slash, harmless to write. */
export function configDirOf(dir: unknown, where: string): string {
  const trimmed = typeof dir === "string" ? dir.replace(/(.)\/+$/, "$1") : dir;
  assertConfigDir(trimmed, where);
  return trimmed;
}

/** Because rsync mirrors with --delete, the directory must be deep enough that mirroring cannot wipe a system tree. */
export function assertConfigDir(dir: unknown, where: string): asserts dir is string {
  if (
    typeof dir !== "string" ||
    !CONFIG_DIR.test(dir) ||
    dir.split("/").some((part) => part === "." || part === "..")
  ) {
    fail(
      where,
      "an absolute directory without `.`/`..` parts, of letters, digits and `_ . + @ -` (like /etc/nixos)",
      dir,
    );
  }
  if (dir.split("/").length < 3) {
    fail(
      where,
      "at least two levels deep (like /etc/nixos): it is mirrored with --delete, which removes everything else in it",
      dir,
    );
  }
}

/** rsync patterns, each excluding what it matches (rsync-argv.ts); an empty one would exclude nothing, a mistake. */
export function assertExcludes(list: unknown, what: string): asserts list is readonly string[] {
  assertStrings(list, what);
  if (list.includes("")) fail(what, "rsync patterns, none empty (an empty one excludes nothing)", "");
}

/** A list of strings for argv: one element is one argument, so only NUL is impossible. */
export function assertStrings(list: unknown, what: string): asserts list is readonly string[] {
  if (!Array.isArray(list) || !list.every((item) => typeof item === "string" && !item.includes("\0"))) {
    fail(what, "an array of strings without NUL bytes", JSON.stringify(list));
  }
}

/**
 * Refuses nixos-rebuild's own --target-host among the arguments passed on to it: nixos-rebuild would activate that
 * machine while the magic rollback, the reboot and the diff act on the host dk logs into, unchecked by
 * assertTargetSafety. Under dk, bad usage of --target-host, which is where it belongs.
 */
export function assertNoTargetHost(extraArgs: readonly string[]): void {
  if (!extraArgs.some((arg) => arg === "--target-host" || arg.startsWith("--target-host="))) return;
  const why = "the magic rollback, --reboot and --diff act on the host dk logs into";
  throw new OptionError(
    "targetHost",
    ` after \`--\` goes to nixos-rebuild unchecked (it would activate that machine, while ${why}); give ` +
      "--target-host before `--`, where dk checks it",
    `Expected \`extraArgs\` to leave out --target-host, got \`${extraArgs.join(" ")}\`: nixos-rebuild would ` +
      "activate that machine, unchecked against the magic rollback, reboot and diff that act on the host dk logs " +
      "into; set meta.targetHost instead",
  );
}
