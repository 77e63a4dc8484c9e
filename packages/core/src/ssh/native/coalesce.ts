import type { Duplex } from "node:stream";

/**
 * Sends what is written to `stream` in one run of code as one write. ssh2 writes every packet in two to four pieces
 * (length, body, tag), and each piece on a socket without Nagle is a segment of its own that wakes the server: ssh
 * sends one. A microtask, not the next tick: a promise chain that ends in process.exit() still lets it out first.
 */
export function coalesceWrites(stream: Duplex): void {
  const write = stream.write;
  let corked = false;
  const flush = () => ((corked = false), stream.uncork());
  stream.write = function (this: Duplex, ...args: Parameters<Duplex["write"]>) {
    if (!corked) {
      corked = true;
      stream.cork();
      queueMicrotask(flush);
    }
    return write.apply(this, args);
  } as Duplex["write"];
}
