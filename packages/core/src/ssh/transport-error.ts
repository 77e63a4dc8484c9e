/**
 * `transport: "native"` was asked for a host whose configuration native cannot honour exactly as ssh would, or that ssh
 * itself refuses (`refused`: then no transport can connect).
 */
export class TransportError extends Error {
  override readonly name = "TransportError";
  constructor(
    readonly host: string,
    readonly reason: string,
    readonly refused = false,
  ) {
    super(
      refused
        ? `[${host}] ${reason}; correct that line (\`ssh -G\` with the host checks it without connecting)`
        : `[${host}] the native ssh transport cannot connect as ssh would (${reason}); use transport "auto" or ` +
            `"openssh" for this host (dk --transport, DEPLOYKIT_TRANSPORT)`,
    );
  }
}
