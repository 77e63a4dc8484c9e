import { StringDecoder } from "node:string_decoder";
import { visible } from "./printer.ts";

// The end of a line under way that is looked at: a live view shows a line's start, a terminal's width at most.
const WINDOW = 4096;
const CR = 13;
const NEWLINE = 10;

/**
 * Follows a stream's line under way, chunk by chunk, for a line redrawn with `\r` (a progress bar) that no newline
 * ends yet: each call returns what a terminal shows of it now, when that changed since the last call; a line that is
 * not redrawn is left to its newline. `stop` (the exit mark's first character) ends what is the command's. Memory
 * stays within WINDOW bytes whatever the line's length.
 */
export function watchRedraw(stop?: string): (chunk: Buffer) => string | undefined {
  let window = Buffer.alloc(0);
  let redrawn = false;
  let shown = "";
  return (chunk) => {
    const newline = chunk.lastIndexOf(NEWLINE);
    const rest = chunk.subarray(newline + 1);
    if (newline !== -1) [window, redrawn, shown] = [Buffer.alloc(0), false, ""];
    if (rest.length === 0) return undefined;
    // A `\r` at the end may be the start of `\r\n`: only one followed by text redraws the line.
    redrawn ||= window.at(-1) === CR || rest.subarray(0, -1).includes(CR);
    window = Buffer.concat([window, rest.subarray(-WINDOW)]);
    if (window.length > WINDOW) window = window.subarray(-WINDOW);
    if (!redrawn) return undefined;
    const raw = decode(window);
    const text = visible(stop !== undefined && raw.includes(stop) ? raw.slice(0, raw.indexOf(stop)) : raw);
    if (text === "" || text === shown) return undefined;
    shown = text;
    return text;
  };
}

// Whole characters only: the window may start inside one, and the chunk may end inside one.
function decode(bytes: Buffer): string {
  let start = 0;
  while (start < 3 && start < bytes.length && (bytes[start]! & 0xc0) === 0x80) start++;
  return new StringDecoder("utf8").write(bytes.subarray(start));
}
