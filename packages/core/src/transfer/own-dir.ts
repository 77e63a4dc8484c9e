import { KEPT_MARK } from "./rsync-argv.ts";

// rsync's word of the directory mirrored into (the transfer's top directory is the only one named `…/.`).
const OWN_DIR = /^rsync: \[generator\] failed to set (permissions|times) on ".*\/\.": Operation not permitted \(1\)$/;
// Of any entry's times: only its owner may set them, though the group may write in it (a directory of a team's tree).
const TIMES = /^rsync: \[generator\] failed to set times on ".*": Operation not permitted \(1\)$/;
const SUMMARY = /^rsync error: some files\/attrs were not transferred /;

/**
 * Whether a transfer failed (exit code 23) only to set what the user may not on entries that are not theirs, though
 * they may write in them, every file being copied: the times of directories (in a tree shared by a group's users, a
 * directory made by another keeps the time its files' changes give it), and the mode or times of the existing directory
 * it mirrored into (a shared 1777 directory, a group's), which keeps its own mode, as any directory mirrored into does.
 * An upload's host script says so (`KEPT_MARK`); one that asked a mode for directories keeps none, and fails. Pure.
 */
export function onlyOwnDirFailed(direction: "upload" | "download", exitCode: number, stderr: string): boolean {
  if (exitCode !== 23) return false;
  const lines = stderr.split("\n").filter((line) => line.trim() !== "");
  const kept = direction === "download" || lines.some((line) => line.startsWith(KEPT_MARK));
  const said = lines.filter((line) => !line.startsWith(KEPT_MARK) && !SUMMARY.test(line));
  return said.length > 0 && said.every((line) => (OWN_DIR.test(line) ? kept : TIMES.test(line)));
}

/** rsync's error `lines` without those of times not set (`TIMES`) when others say more: the cause is among them. */
export function beyondTimes(lines: readonly string[]): readonly string[] {
  const others = lines.filter((line) => !TIMES.test(line));
  return others.some((line) => line.startsWith("rsync: ")) ? others : lines;
}
