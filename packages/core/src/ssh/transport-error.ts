/** `transport: "native"` was asked for a host whose configuration native cannot honour exactly as ssh would. */
export class TransportError extends Error {
  override readonly name = "TransportError";
  constructor(
    readonly host: string,
    readonly reason: string,
  ) {
    super(
      `[${host}] the native ssh transport cannot connect as ssh would (${reason}); use transport "auto" or "openssh"` +
        " for this host (dk --transport, DEPLOYKIT_TRANSPORT)",
    );
  }
}
