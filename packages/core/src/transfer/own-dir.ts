import { KEPT_MARK } from "./rsync-argv.ts";

// rsync's word of the directory mirrored into (the transfer's top directory is the only one named `…/.`).
const OWN_DIR = /^rsync: \[generator\] failed to set (permissions|times) on ".*\/\.": Operation not permitted \(1\)$/;
const SUMMARY = /^rsync error: some files\/attrs were not transferred /;

/**
 * Whether a mirror failed (exit code 23) only to set the mode or times of the existing directory it mirrored into,
 * which the user may write in but does not own (a shared 1777 directory, a group's): every file was copied, and that
 * directory keeps its own mode, as any directory mirrored into does. An upload's host script says so (`KEPT_MARK`);
 * one that asked a mode for directories keeps none, and fails. Pure.
 */
export function onlyOwnDirFailed(direction: "upload" | "download", exitCode: number, stderr: string): boolean {
  if (exitCode !== 23) return false;
  const lines = stderr.split("\n").filter((line) => line.trim() !== "");
  if (direction === "upload" && !lines.some((line) => line.startsWith(KEPT_MARK))) return false;
  const said = lines.filter((line) => !line.startsWith(KEPT_MARK) && !SUMMARY.test(line));
  return said.length > 0 && said.every((line) => OWN_DIR.test(line));
}
