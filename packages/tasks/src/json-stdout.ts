import { closeSync, constants, fstatSync, openSync, writeSync } from "node:fs";
import type { Io } from "./types.ts";

const WRITE = constants.O_WRONLY | constants.O_APPEND;

/**
 * `--json`: keeps stdout for the results document and returns where that goes. fd 1 becomes a copy of stderr,
 * so everything the task writes to stdout (console.log, fs.writeSync(1), a child with stdio "inherit") lands on
 * stderr. Must run before anything creates process.stdout.
 */
export function divertStdout(): Io["stdout"] {
  const document = swapDescriptors();
  if (document !== undefined) return { write: (text: string) => writeFully(document, text) };
  // A socket (Node's child_process "pipe") cannot be re-opened: then only JavaScript's own writes move.
  const stdout = process.stdout;
  const write = stdout.write.bind(stdout);
  stdout.write = process.stderr.write.bind(process.stderr) as typeof stdout.write;
  return { write };
}

// Node has no dup2: re-open both through /dev/fd, then close fd 1 and re-open stderr into it (the lowest free
// descriptor). Appending keeps a regular file's order whichever descriptor writes; returns the document's fd.
function swapDescriptors(): number | undefined {
  if (process.platform !== "linux" || !reopenable(1) || !reopenable(2)) return undefined;
  let document: number | undefined;
  let stderr: number;
  try {
    document = openSync("/dev/fd/1", WRITE);
    stderr = openSync("/dev/fd/2", WRITE);
  } catch {
    if (document !== undefined) closeSync(document);
    return undefined;
  }
  closeSync(1);
  moveInto(1, stderr);
  // dk's own stderr writes then append too, instead of overwriting what the task appended.
  if (fstatSync(2).isFile()) {
    closeSync(2);
    moveInto(2, stderr);
  }
  closeSync(stderr);
  return document;
}

// Pipes, terminals, /dev/null and files re-open as the same place; sockets do not re-open at all.
function reopenable(fd: number): boolean {
  const stats = fstatSync(fd);
  return stats.isFIFO() || stats.isCharacterDevice() || stats.isFile();
}

function moveInto(target: number, source: number): void {
  const fd = openSync(`/dev/fd/${source}`, WRITE);
  if (fd !== target)
    throw new Error(`dk: re-opening stderr as fd ${target} gave fd ${fd}; run without --json, or report this`);
}

// Blocking and synchronous, so the document is complete even when written at the `exit` event.
function writeFully(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  try {
    for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done);
  } catch (error) {
    // The reader went away (`| head`): nobody is left to read the rest.
    if ((error as NodeJS.ErrnoException).code !== "EPIPE") throw error;
  }
}
