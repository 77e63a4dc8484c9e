import { algorithmsFor } from "../../src/ssh/native/algorithms.ts";
import type { Hop } from "../../src/ssh/native/hop.ts";
import { loadSsh2 } from "../../src/ssh/native/ssh2.ts";
import type { ResolvedSsh } from "../../src/ssh/resolve/resolved.ts";

/** A native hop to `resolved` with no key and no agent: for tests of what happens before any login. */
export function keylessHop(resolved: ResolvedSsh): Hop {
  const ssh2 = loadSsh2();
  const algorithms = algorithmsFor(resolved, ssh2);
  if ("openssh" in algorithms) throw new Error(algorithms.openssh);
  const identities = {
    agent: undefined,
    agentOnly: undefined,
    agentFirst: [],
    agentPolicy: { types: undefined, minRsaBits: 1024 },
    forward: undefined,
    keys: [],
    tries: [],
    warnings: [],
  };
  return { resolved, identities, algorithms, ssh2, notes: [] };
}
