import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { Client, OpenSSHAgent, utils } from "ssh2";
import { withRoom } from "./descriptors.ts";

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

// An application that keeps V8 code caches (dk's CLI) lends a loader by this name, to spare each start compiling
// ssh2's 640 kB; without one, core's own require.
const LOADER = Symbol.for("@deploykit/core.loadCommonJs");

/**
 * ssh2's client, key parser, agent client and algorithm lists, loaded once, on first use: from the one-file copy the
 * build puts next to core's bundle (through the lent loader, if any), else (core run from source) through that copy's
 * entry, from ssh2's own files. Never ssh2's entry point, which also loads its server, key generator and HTTP agents,
 * and never with import(), which would scan each CommonJS file for exports.
 */
export function loadSsh2(): Ssh2 {
  if (loaded === undefined) {
    const require = createRequire(import.meta.url);
    const bundled = fileURLToPath(new URL("./ssh2.cjs", import.meta.url));
    const lent = (globalThis as Record<symbol, unknown>)[LOADER];
    if (!existsSync(bundled)) loaded = require("./ssh2-bundle.cjs") as Ssh2;
    else loaded = (typeof lent === "function" ? lent(bundled) : require(bundled)) as Ssh2;
  }
  return loaded;
}

/** loadSsh2 once there is a descriptor to read its file with: short of them, it waits for this process's own. */
export function loadSsh2WithRoom(): Ssh2 | Promise<Ssh2> {
  return loaded ?? withRoom(loadSsh2);
}
