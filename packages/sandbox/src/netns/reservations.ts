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
  const path = join(dir, subnet);
  for (let tries = 0; tries < 2; tries++) {
    if (createExclusive(path, `${ownerLine()}\n${namespace}\n`)) return true;
    const held = readReservation(path);
    if (held === undefined || !ownerGone(held.owner) || !removeDead(dir, subnet, held.ino)) return false;
  }
  return false;
}

/** Gives `subnet` back when `namespace` holds it (a taken-over reservation is not the old owner's to remove). */
export function releaseSubnet(subnet: string, namespace: string, dir = RESERVATIONS_DIR): void {
  const path = join(dir, subnet);
  const held = readReservation(path);
  if (held?.namespace !== namespace) return;
  // No other process removes a live owner's reservation: this process's own goes at once.
  if (`${held.owner.pid} ${held.owner.start} ${held.owner.pidNamespace}` === ownerLine()) unlinkQuietly(path);
  else if (ownerGone(held.owner)) removeDead(dir, subnet, held.ino);
}

/**
 * Removes `subnet`'s reservation of a gone owner, the file with inode `ino`, unless another process is at it: the one
 * that creates the claim `<subnet>.<ino>.claim` removes it, after reading that the file is still a gone owner's.
 * Only a claim's holder removes a gone owner's file, so two processes never both take the same one over (a check,
 * then an unlink, could remove what another had put there meanwhile). A claim whose holder was killed at that moment
 * stays, and so does the reservation it was for: that pair is not used again until /run is cleared at boot.
 */
function removeDead(dir: string, subnet: string, ino: number): boolean {
  const path = join(dir, subnet);
  const claim = join(dir, `${subnet}.${ino}.claim`);
  if (!createExclusive(claim, `${ownerLine()}\n`)) return false;
  try {
    const held = readReservation(path);
    if (held?.ino !== ino || !ownerGone(held.owner)) return false;
    unlinkSync(path);
    return true;
  } finally {
    unlinkQuietly(claim);
  }
}

// This process as a reservation names its owner.
function ownerLine(): string {
  const owner = thisProcess();
  return `${owner?.pid ?? 0} ${owner?.start ?? 0} ${owner?.pidNamespace ?? "none"}`;
}

// Creates `path` holding `text` unless something is there already (never through a symlink): whether it did.
function createExclusive(path: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

type Reservation = { readonly owner: Owner; readonly namespace: string; readonly ino: number };

// The reservation at `path`, when it is a small regular file of this user in the format above.
function readReservation(path: string): Reservation | undefined {
  const file = readOwnFile(path, MAX_SIZE);
  const match = file === undefined ? null : /^(\d+) (\d+) (pid:\[\d+\])\n(dkr-[\d-]+)\n$/.exec(file.text);
  if (file === undefined || match === null) return undefined;
  const owner = { pid: Number(match[1]), start: match[2]!, pidNamespace: match[3]! };
  return { owner, namespace: match[4]!, ino: file.ino };
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Gone already.
  }
}
