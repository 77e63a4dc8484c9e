import type { TokenValues } from "./tokens.ts";

/** What OpenSSH would connect with, for the options native acts on; every other option set is in `options`. */
export type ResolvedSsh = {
  readonly host: string;
  readonly hostname: string;
  readonly user: string;
  readonly port: number;
  /** As written (`~/.ssh/id_ed25519`, tokens unexpanded), as `ssh -G` prints them. */
  readonly identityFiles: readonly string[];
  readonly identitiesOnly: boolean;
  /** The agent socket, or undefined for none. */
  readonly identityAgent: string | undefined;
  /** `user@host:port,…`, or undefined for none. */
  readonly proxyJump: string | undefined;
  readonly userKnownHostsFiles: readonly string[];
  readonly globalKnownHostsFiles: readonly string[];
  readonly strictHostKeyChecking: "true" | "false" | "ask" | "accept-new";
  /** UpdateHostKeys, as `ssh -G` prints it; ssh drops `ask` for a remote command, which dk's runs always have. */
  readonly updateHostKeys: "true" | "false" | "ask";
  /** Seconds, or undefined for none. */
  readonly connectTimeout: number | undefined;
  readonly serverAliveInterval: number;
  readonly serverAliveCountMax: number;
  /** ConnectionAttempts: TCP connections tried, a second apart, before failing. */
  readonly connectionAttempts: number;
  readonly batchMode: boolean;
  readonly forwardAgent: boolean;
  readonly hashKnownHosts: boolean;
  /** The name known_hosts files hold the host's key under, instead of its own (lowercased, as ssh does). */
  readonly hostKeyAlias: string | undefined;
  /** AddressFamily: 4 (inet) or 6 (inet6) for those addresses alone, 0 for any. */
  readonly addressFamily: 0 | 4 | 6;
  /** BindAddress: the local address connections are made from. */
  readonly bindAddress: string | undefined;
  /** BindInterface: the interface whose address connections are made from, when no BindAddress is set. */
  readonly bindInterface: string | undefined;
  /** SendEnv's patterns, those a later `-pattern` took out removed. */
  readonly sendEnv: readonly string[];
  /** SetEnv's `NAME=value`s: the first SetEnv's, a name given twice there taken once (its first value). */
  readonly setEnv: readonly string[];
  /** What `%` tokens stand for in paths (IdentityFile is expanded when a key is loaded: identityPath). */
  readonly tokens: TokenValues;
  /** The first value of every option set, on the command line or in a file (lowercased keywords). */
  readonly options: ReadonlyMap<string, readonly string[]>;
  /** Why only ssh itself can act on this configuration, if it cannot be read here exactly. */
  readonly openssh: string | undefined;
  /** A path ssh refuses to expand (a token it does not know there, a variable without a value), and what to do. */
  readonly unexpanded: { readonly reason: string; readonly fix: string } | undefined;
  /** What ssh prints about the command line before it connects (an `-i` file it cannot stat). */
  readonly warnings: readonly string[];
  /** Whether a line read may be one ssh refuses (a block that does not apply included): only ssh can tell. */
  readonly unsure: boolean;
  /** Keywords of lines taken that IgnoreUnknown names, which ssh skips if it does not know them. */
  readonly ignorable: readonly string[];
};
