import type { Duplex } from "node:stream";

// ssh's limits on what it reads before the server's identification (kex_exchange_identification).
const MAX_LINES = 1024;
const MAX_LINE = 8192;

/** Why ssh refuses what the server sent instead of an identification: its first line, and the error it ends with. */
export type IdentRefusal = {
  readonly said: string;
  readonly why: "invalid format" | "could not read protocol version";
};

/**
 * Reads the server's identification off `socket` as ssh does, beside ssh2 (which reads it too, with other limits):
 * `came` once the SSH- line ended (`arrived` then true), `refused` for what ssh would not take (a NUL or a CR inside a
 * line, a line past 8192 bytes, 1024 lines without one, an identification it cannot read or of protocol 1). To be
 * started before ssh2 reads the socket, so that its verdict on a chunk comes first.
 */
export function readServerIdent(
  socket: Duplex,
  on: { readonly came: () => void; readonly refused: (refusal: IdentRefusal) => void },
): { readonly arrived: () => boolean } {
  let arrived = false;
  let line = "";
  let cr = false;
  let lines = 0;
  const finish = (refusal: IdentRefusal | undefined) => {
    socket.removeListener("data", read);
    if (refusal !== undefined) return on.refused(refusal);
    arrived = true;
    on.came();
  };
  const invalid = (what: string): IdentRefusal => ({
    said: `kex_exchange_identification: ${what}`,
    why: "invalid format",
  });
  function read(chunk: Buffer): void {
    for (const byte of chunk) {
      if (byte === 13) {
        cr = true;
        continue;
      }
      if (byte === 10) {
        if (line.length > 4 && line.startsWith("SSH-")) return finish(identRefusal(line));
        if (++lines >= MAX_LINES)
          return finish(invalid(`No SSH version received in first ${MAX_LINES} lines from server`));
        [line, cr] = ["", false];
        continue;
      }
      if (byte === 0 || cr) return finish(invalid("banner line contains invalid characters"));
      line += String.fromCharCode(byte);
      if (line.length > MAX_LINE) return finish(invalid("banner line too long"));
    }
  }
  socket.on("data", read);
  return { arrived: () => arrived };
}

// What ssh makes of the identification line (sscanf "SSH-%d.%d-%[^\n]"): nothing when it goes on.
function identRefusal(line: string): IdentRefusal | undefined {
  const version = /^SSH-([0-9]+)\.([0-9]+)-./.exec(line);
  if (version === null) {
    return { said: `Bad remote protocol version identification: '${line.slice(0, 100)}'`, why: "invalid format" };
  }
  const [major, minor] = [Number(version[1]), Number(version[2])];
  if (major === 2 || (major === 1 && minor === 99)) return undefined;
  return { said: `Protocol major versions differ: 2 vs. ${major}`, why: "could not read protocol version" };
}
