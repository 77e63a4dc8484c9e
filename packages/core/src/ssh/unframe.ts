import { Readable } from "node:stream";
import { READ } from "./script-words.ts";

// Bytes of input that surely fit in the pipe to the command whatever it reads (a pipe holds a page at least): no
// write of those can block, so a short input, the usual one, costs no watch.
const UNBLOCKED = 4096;

/**
 * The supervisor's input, unframed into the payload's pipe, `fd` (`head -c` reads exactly one chunk), which then
 * closes: end of input. A payload that stopped reading gets no more (/dev/null); then only stdin's end counts, whatever
 * else arrives. `watch`, a job (see sessionWatch), runs from the first byte past UNBLOCKED on until the input's end.
 * Pure.
 */
export function unframe(fd: number, watch?: string): string {
  const [init, start, end] =
    watch === undefined
      ? ["", "", ""]
      : [
          "t=0 q=; ",
          `[ -n "$q" ] || [ $((t += n)) -le ${UNBLOCKED} ] || { ${watch} q=$!; }; `,
          `[ -z "$q" ] || kill "$q" 2>/dev/null || :; `,
        ];
  return (
    `${init}while IFS= ${READ} -r n && [ "$n" != 0 ]; do ${start}head -c "$n" >&${fd} || exec ${fd}>/dev/null; ` +
    `done; ${end}exec ${fd}>&-; while ${READ} -r _; do :; done`
  );
}

/** Whether `input` may not fit in the pipe to the command: more than UNBLOCKED bytes, or a stream of unknown size. */
export function mayBlock(input: string | Uint8Array | Readable): boolean {
  if (input instanceof Readable) return true;
  return (typeof input === "string" ? Buffer.byteLength(input) : input.length) > UNBLOCKED;
}
