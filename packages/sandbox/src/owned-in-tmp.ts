import { execFileSync } from "node:child_process";
import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * The paths directly in /tmp that `user` owns and whose name `pick` accepts, sorted. Read entry by entry, so that an
 * entry that goes between the listing and its look-up (another test file's stage or connection guardian) is passed
 * over: `find` fails the whole read on one such entry.
 */
export function ownedInTmp(user: string, pick: (name: string) => boolean): string[] {
  const uid = Number(execFileSync("id", ["-u", user], { encoding: "utf8" }).trim());
  return readdirSync("/tmp")
    .filter(pick)
    .filter((name) => lstatSync(join("/tmp", name), { throwIfNoEntry: false })?.uid === uid)
    .map((name) => join("/tmp", name))
    .sort();
}
