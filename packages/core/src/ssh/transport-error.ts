/**
 * `transport: "native"` was asked for a host whose configuration native cannot honour exactly as ssh would, or that ssh
 * itself refuses (`refused`: then no transport can connect).
 */
export class TransportError extends Error {
  override readonly name = "TransportError";
  /** What went wrong and what to do, in one line without the host: what a run's summary shows. */
  readonly reason: string;

  constructor(
    readonly host: string,
    /** The option (and where it was set) native cannot honour, or ssh's words against the configuration. */
    readonly option: string,
    readonly refused = false,
    /** What to do about a configuration ssh refuses. */
    fix = "correct that line (`ssh -G` with the host checks it without connecting)",
  ) {
    const reason = refused
      ? `${option}; ${fix}`
      : `the native ssh transport cannot connect as ssh would (${option}); use transport "auto" or "openssh" for ` +
        `this host (dk --transport, DEPLOYKIT_TRANSPORT)`;
    super(`[${host}] ${reason}`);
    this.reason = reason;
  }
}
