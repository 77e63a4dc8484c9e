import { createRequire } from "node:module";
import type { Client, utils } from "ssh2";

/** What native uses of ssh2: its client and its key parser. */
export type Ssh2 = { readonly Client: typeof Client; readonly parseKey: typeof utils.parseKey };

let loaded: Ssh2 | undefined;

/**
 * ssh2's client and key parser, loaded once, on first use, with require: its entry point would also load its server,
 * key generator and HTTP agents, and import() would scan each CommonJS file for exports (a quarter more CPU in all).
 */
export function loadSsh2(): Ssh2 {
  if (loaded === undefined) {
    const require = createRequire(import.meta.url);
    const client = require("ssh2/lib/client.js") as typeof Client;
    const keys = require("ssh2/lib/protocol/keyParser.js") as { readonly parseKey: typeof utils.parseKey };
    loaded = { Client: client, parseKey: keys.parseKey };
  }
  return loaded;
}
