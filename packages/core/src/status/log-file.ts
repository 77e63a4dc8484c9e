import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdtempSync,
  openSync,
  realpathSync,
  rmdirSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Written in pieces of about this size: a flood of output costs a write per piece, not per line.
const FLUSH = 64 * 1024;

/** A log file of ours, written through the descriptor we created it with, never reopened by name. */
export class LogFile {
  #fd: number | undefined;
  #pending = "";
  // A line is written, its newline not yet: a long line's next piece may carry it on.
  #open = false;
  /** Why lines could not be written (a full disk): the file holds those before. */
  lost: string | undefined;
  constructor(
    readonly path: string,
    fd: number,
  ) {
    this.#fd = fd;
  }

  /** Starts a line, ending the one before. */
  write(line: string): void {
    this.#add(this.#open ? `\n${line}` : line);
    this.#open = true;
  }

  /** Carries on the line last written: a long line comes in pieces, and stays one line here. */
  append(piece: string): void {
    this.#add(piece);
  }

  /** Writes what is left and closes the file, which stays. */
  close(): void {
    if (this.#open) this.#pending += "\n";
    this.#open = false;
    this.#flush();
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }

  /** Closes and removes the file: its command did not fail. */
  discard(): void {
    [this.#pending, this.#open] = ["", false];
    this.close();
    try {
      unlinkSync(this.path);
    } catch {
      // Already gone: nothing to remove.
    }
  }

  #add(text: string): void {
    this.#pending += text;
    if (this.#pending.length >= FLUSH) this.#flush();
  }

  #flush(): void {
    if (this.#fd === undefined || this.#pending === "") return;
    const text = this.#pending;
    this.#pending = "";
    try {
      // A disk that fills takes part of a write without an error: the rest is written again, and that write fails.
      const bytes = Buffer.from(text);
      for (let done = 0; done < bytes.length;) done += writeSync(this.#fd, bytes, done);
    } catch (error) {
      // A full disk loses the rest of this log, not the run; the report says so.
      this.lost ??= error instanceof Error ? error.message : String(error);
    }
  }
}

/**
 * Log files for the output of failed commands, in a directory created for this process (a fresh random name, mode
 * 0700) inside the temp directory, used only when that directory is sticky or writable by no one else; files are
 * created exclusively, never through a symlink, mode 0600.
 */
export class LogDir {
  #dir: string | undefined;
  #count = 0;
  /** Why no log file could be made, once one could not. */
  problem: string | undefined;

  /** A new log file named after `tag`, or undefined (then `problem` says why). */
  create(tag: string): LogFile | undefined {
    try {
      this.#dir ??= privateDir();
      const name = `${tag.replace(/[^\w.-]/g, "_").slice(0, 60)}-${++this.#count}.log`;
      const path = join(this.#dir, name);
      const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
      const fd = openSync(path, flags, 0o600);
      const stat = fstatSync(fd);
      if (!stat.isFile() || stat.uid !== process.getuid?.()) {
        closeSync(fd);
        throw new Error(`${path} is not a file of ours`);
      }
      return new LogFile(path, fd);
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
      return undefined;
    }
  }

  /** Removes the directory when no log was kept in it. */
  tidy(): void {
    if (this.#dir === undefined) return;
    try {
      rmdirSync(this.#dir);
    } catch {
      // Logs of failed commands are in it: it stays.
    }
  }
}

// Another user must not be able to move our directory away and put theirs in its place. A TMPDIR that is a symlink
// (macOS's /tmp is one) is judged, and used, where it leads.
function privateDir(): string {
  const fix = "set TMPDIR to a directory of your own";
  const parent = realPath(tmpdir(), fix);
  const shared = lstatSync(parent);
  if (!shared.isDirectory()) throw new Error(`${parent} is not a directory; ${fix}`);
  if ((shared.mode & 0o022) !== 0 && (shared.mode & 0o1000) === 0) {
    throw new Error(`${parent} is writable by others without the sticky bit; ${fix}`);
  }
  const dir = mkdtempSync(join(parent, "dk-output-"));
  const own = lstatSync(dir);
  if (!own.isDirectory() || own.uid !== process.getuid?.() || (own.mode & 0o077) !== 0) {
    throw new Error(`${dir} is not a private directory of ours`);
  }
  return dir;
}

// `path` with its symlinks resolved; one that does not exist is said so, with what to do.
function realPath(path: string, fix: string): string {
  try {
    return realpathSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new Error(`${path} does not exist; ${fix}`);
    throw error;
  }
}
