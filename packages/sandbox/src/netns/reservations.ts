// Reserves a /30 subnet for one netns test host across every process of this machine: a file per subnet, created
// with O_EXCL in a private directory, names the owner. Everything found there is taken as hostile: no symlink is
// followed, and only a small regular file of this user whose owner is surely gone is taken over.
import { closeSync, constants, lstatSync, mkdirSync, openSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import { readOwnFile } from "../own-file.ts";
import { ownerGone, thisProcess, type Owner } from "../stale-dirs.ts";

/** Where the reservations live: /run is root's and gone at boot, as the namespaces are. */
export const RESERVATIONS_DIR = "/run/dk-netns-slots";
// Far more than a reservation holds: anything bigger is none.
const MAX_SIZE = 512;

/** The directory of reservations is not a private directory of this user; it is not used. */
export class UnsafeReservationsDirError extends Error {
  override readonly name = "UnsafeReservationsDirError";
  constructor(
    readonly path: string,
    readonly why: string,
  ) {
    super(`${path} ${why}: netns test hosts reserve their addresses there; remove it (rm -r ${path}) and retry`);
  }
}

/** Makes `dir` (mode 700) unless it exists, and fails unless it is a directory of this user that no one else writes. */
export function reservationsDir(dir = RESERVATIONS_DIR): string {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const stat = lstatSync(dir);
  if (!stat.isDirectory()) throw new UnsafeReservationsDirError(dir, "is not a directory");
  if (stat.uid !== process.getuid?.()) throw new UnsafeReservationsDirError(dir, `belongs to uid ${stat.uid}`);
  if ((stat.mode & 0o022) !== 0) throw new UnsafeReservationsDirError(dir, "is writable by others");
  return dir;
}

/**
 * Reserves `subnet` (its network address) for `namespace`, atomically: true when this process now holds it, false
 * when a live owner does (or a file there is not a reservation). A dead owner's reservation is taken over.
 */
export function reserveSubnet(subnet: string, namespace: string, dir = reservationsDir()): boolean {
  const owner = thisProcess();
  const path = join(dir, subnet);
  const text = `${owner?.pid ?? 0} ${owner?.start ?? 0} ${owner?.pidNamespace ?? "none"}\n${namespace}\n`;
  for (let tries = 0; tries < 2; tries++) {
    let fd: number;
    try {
      fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const held = readReservation(path);
      if (held === undefined || !ownerGone(held.owner)) return false;
      removeIfSame(path, held.ino);
      continue;
    }
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    return true;
  }
  return false;
}

/** Gives `subnet` back when `namespace` holds it (a taken-over reservation is not the old owner's to remove). */
export function releaseSubnet(subnet: string, namespace: string, dir = RESERVATIONS_DIR): void {
  const path = join(dir, subnet);
  const held = readReservation(path);
  if (held?.namespace === namespace) removeIfSame(path, held.ino);
}

type Reservation = { readonly owner: Owner; readonly namespace: string; readonly ino: number };

// The reservation at `path`, when it is a small regular file of this user in the format above.
function readReservation(path: string): Reservation | undefined {
  const file = readOwnFile(path, MAX_SIZE);
  const match = file === undefined ? null : /^(\d+) (\d+) (pid:\[\d+\])\n(dkr-\d+-\d+)\n$/.exec(file.text);
  if (file === undefined || match === null) return undefined;
  const owner = { pid: Number(match[1]), start: match[2]!, pidNamespace: match[3]! };
  return { owner, namespace: match[4]!, ino: file.ino };
}

// Removes `path` when it is still the file read (another process may have taken it over since).
function removeIfSame(path: string, ino: number): void {
  try {
    if (lstatSync(path).ino === ino) unlinkSync(path);
  } catch {
    // Gone meanwhile.
  }
}
