import { ConnectFailure, NotAsSsh } from "./failure.ts";
import type { KeyCheck } from "./host-key-check.ts";
import type { Hop } from "./hop.ts";
import { say, unmatchedKind } from "./messages.ts";
import { PacketTimeout } from "./packet-timeout.ts";
import { asksForPassword } from "./password-prompt.ts";
import type { IdentRefusal } from "./server-ident.ts";

/** ssh's "Connection timed out during banner exchange". */
export class BannerTimeout extends Error {}

/** What the server sent instead of an identification, which ssh refuses. */
export class IdentRefused extends Error {
  constructor(readonly refusal: IdentRefusal) {
    super(refusal.said);
  }
}

/** What the connection had learnt by the time it failed. */
export type HopState = {
  /** Why ssh would not have connected as native did (it would choose what native lacks), if so. */
  readonly differs: string | undefined;
  readonly checked: KeyCheck | undefined;
  readonly agentRefused: boolean;
  /** The login methods the server still allowed. */
  readonly methods: readonly string[];
  /** The server's lists, for ssh's "Their offer". */
  readonly offers: { of(logged: string): string | undefined };
  /** Whether the server's identification came, and ssh would have taken it. */
  readonly identified: boolean;
  /** The server's address (its HostName's, as connected to). */
  readonly address: string;
};

/** Why `hop`'s connection failed, in ssh's words; NotAsSsh where ssh would have gone another way. */
export function hopFailure(error: Error & { level?: string; code?: unknown }, hop: Hop, state: HopState): Error {
  const { resolved } = hop;
  const { address } = state;
  if (state.differs !== undefined) return new NotAsSsh(state.differs);
  if (state.checked?.refusal !== undefined) return new ConnectFailure(state.checked.refusal);
  // What ssh said of the keys it could not use comes first, as in its output.
  const warned = (said: string) => new ConnectFailure([...hop.identities.warnings, said].join("\n"));
  // The server's SSH_MSG_DISCONNECT (sshd's "Too many authentication failures" past MaxAuthTries): its reason, as ssh.
  if (typeof error.code === "number" && error.level === undefined) {
    return warned(say.disconnected(address, resolved.port, error.code, error.message));
  }
  if (error.level === "client-authentication") {
    // ssh proves the host to the agent (session-bind), which a key added with `ssh-add -h` needs: ssh's to try.
    if (state.agentRefused) return new NotAsSsh("the agent would not sign for this host; ssh can bind it");
    // ssh goes on to ask for a password, which native cannot: nothing was run yet.
    const asked = asksForPassword(resolved, state.methods);
    if (asked !== undefined) return new NotAsSsh(asked);
    return warned(say.denied(resolved.user, resolved.hostname, state.methods));
  }
  const unmatched = error.level === "handshake" ? unmatchedKind(error.message) : undefined;
  if (unmatched !== undefined) {
    const offer = state.offers.of(unmatched.logged);
    return new ConnectFailure(say.unnegotiated(address, resolved.port, unmatched.what, offer));
  }
  if (error instanceof IdentRefused) return new ConnectFailure(say.identRefused(error.refusal, address, resolved.port));
  // One ssh takes (`SSH-2.00-x`, `SSH-2.0- x`) and ssh2 does not: nothing was sent yet.
  if (error.message === "Invalid identification string" && state.identified) {
    return new NotAsSsh("ssh2 cannot read the server's identification, which ssh takes");
  }
  if (error instanceof BannerTimeout) return new ConnectFailure(say.banner(resolved.hostname, resolved.port));
  if (error instanceof PacketTimeout) return new ConnectFailure(say.packetTimeout(address, resolved.port));
  // A reset, where ssh reads it: its identification, or a packet after it.
  if (error.code === "ECONNRESET") {
    const reset = say.reset(address, resolved.port);
    return new ConnectFailure(state.identified ? reset : `${say.resetBeforeIdent()}\n${reset}`);
  }
  const lost = say.lost(resolved.hostname, resolved.port);
  return new ConnectFailure(state.identified ? lost : `${say.closedBeforeIdent()}\n${lost}`);
}
