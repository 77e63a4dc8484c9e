import type { Invocation } from "../run/invocation.ts";
import { keepsNotices, MUX_NOTICES, SSH_NOTICES } from "./argv.ts";
import { awaitMaster } from "./await-master.ts";
import { connectionArgs, type CallSsh, type Sharable } from "./connection.ts";

/** A run through the ssh binary: its options, and what `execute` needs to wait for and to drop. */
export type SshBinaryRun = Required<Pick<Invocation, "ready">> &
  Pick<Invocation, "skipLeading"> & { readonly args: string[] };

/**
 * The options of a run through the ssh binary to `target` (connectionArgs), the wait for a master another run is
 * opening, and the lines its output loses: ssh's reasons for failing stay in view, its notice of each host key
 * "added" to /dev/null does not (on a terminal, `tty`, ssh writes it there itself), nor its words on going without a
 * shared connection.
 */
export async function sshBinaryRun(
  target: Sharable,
  call: Omit<CallSsh, "notices"> = {},
  tty = false,
): Promise<SshBinaryRun> {
  const notices = keepsNotices(target, tty);
  const args = await connectionArgs(target, { ...call, notices });
  return { args, ready: (signal) => awaitMaster(args, signal), skipLeading: notices ? SSH_NOTICES : MUX_NOTICES };
}
