import { strerror } from "../strerror.ts";
import { DescriptorLimitError } from "../../run/spawn-child.ts";
import { ConnectFailure } from "./failure.ts";
import { say } from "./messages.ts";

/** The server accepted, then reset: ssh, connected by then, fails reading its banner (and tries no more). */
export class ResetFailure extends ConnectFailure {}

/** A TCP connection's error as ssh words it (`localAddress`: the BindAddress it was to be bound to). */
export function tcpError(error: NodeJS.ErrnoException, hostname: string, port: number, localAddress?: string): Error {
  const code = error.code ?? "";
  // ssh's two lines for a BindAddress it cannot bind: the reason, then the connection's "failure".
  if (error.syscall === "bind")
    return new ConnectFailure(say.unbound(localAddress!, strerror(code) ?? code, hostname, port));
  // Out of descriptors is this machine's limit, not the host's fault: say which limit and what to do.
  if (code === "EMFILE" || code === "ENFILE") return new DescriptorLimitError(code);
  if (code === "ECONNREFUSED") return new ConnectFailure(say.refused(hostname, port));
  if (code === "ECONNRESET") return new ResetFailure(`${say.resetBeforeIdent()}\n${say.reset(hostname, port)}`);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return new ConnectFailure(say.unresolved(hostname));
  if (code === "ETIMEDOUT") return new ConnectFailure(say.timedOut(hostname, port));
  if (code === "EHOSTUNREACH") return new ConnectFailure(say.unreachable(hostname, port, "No route to host"));
  if (code === "ENETUNREACH") return new ConnectFailure(say.unreachable(hostname, port, "Network is unreachable"));
  return new ConnectFailure(say.unreachable(hostname, port, error.message));
}
