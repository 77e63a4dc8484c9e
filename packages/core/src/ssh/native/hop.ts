import type { ResolvedSsh } from "../resolve/resolved.ts";
import type { Algorithms } from "./algorithms.ts";
import type { Identities } from "./identities.ts";
import type { Ssh2 } from "./ssh2.ts";

/** One hop: where, how to log in, and the ssh2 module (loaded only when native is used). */
export type Hop = {
  readonly resolved: ResolvedSsh;
  readonly identities: Identities;
  /** What the configuration's KexAlgorithms, Ciphers, MACs and HostKeyAlgorithms make of ssh2's lists. */
  readonly algorithms: Algorithms;
  readonly ssh2: Ssh2;
  /** Lines ssh would print without failing (a key added to known_hosts): shown on the first command's stderr. */
  readonly notes: string[];
};
