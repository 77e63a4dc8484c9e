import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { Client, OpenSSHAgent, utils } from "ssh2";

/** An algorithm category: what ssh2 offers by default, and all it implements. */
type Category = { readonly defaults: readonly string[]; readonly supported: readonly string[] };

/** What native uses of ssh2: its client, its key parser, its agent client and its algorithm lists. */
export type Ssh2 = {
  readonly Client: typeof Client;
  readonly parseKey: typeof utils.parseKey;
  readonly OpenSSHAgent: typeof OpenSSHAgent;
  readonly algorithms: {
    readonly kex: Category;
    readonly cipher: Category;
    readonly hmac: Category;
    readonly serverHostKey: readonly string[];
  };
};

let loaded: Ssh2 | undefined;

/**
 * ssh2's client, key parser, agent client and algorithm lists, loaded once, on first use: from the one-file copy the
 * build puts next to core's bundle, else (core run from source) from ssh2's own files. Never ssh2's entry point, which
 * also loads its server, key generator and HTTP agents, and never with import(), which would scan each CommonJS file
 * for exports.
 */
export function loadSsh2(): Ssh2 {
  if (loaded === undefined) {
    const require = createRequire(import.meta.url);
    const bundled = fileURLToPath(new URL("./ssh2.cjs", import.meta.url));
    if (existsSync(bundled)) loaded = require(bundled) as Ssh2;
    else {
      const client = require("ssh2/lib/client.js") as typeof Client;
      const keys = require("ssh2/lib/protocol/keyParser.js") as { readonly parseKey: typeof utils.parseKey };
      const agent = require("ssh2/lib/agent.js") as { readonly OpenSSHAgent: typeof OpenSSHAgent };
      const algorithms = require("./ssh2-algorithms.cjs") as Ssh2["algorithms"];
      loaded = { Client: client, parseKey: keys.parseKey, OpenSSHAgent: agent.OpenSSHAgent, algorithms };
    }
  }
  return loaded;
}
