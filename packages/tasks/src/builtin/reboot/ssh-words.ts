import type { CommandError } from "@deploykit/core";

// How core's reason for a known ssh failure starts; the rest is ssh's line and what to check.
const SSH_FAILED = "ssh failed: ";
// ssh's line when its connection got no answer: core then asks whether the host is up, which reboot knows it is.
const NO_ANSWER = /^ssh: connect to host .+: (Connection timed out|No route to host|Network is unreachable)$/m;

/**
 * What to say of a boot-id read that ssh failed (`error`, with ssh's `stderr`): core's words, ssh's line and what to
 * check; for a connection nothing answered, that the host answers but not on its ssh port, which is where reboot reads
 * boot ids (the host answered its probe). Undefined for a failure that is not ssh's.
 */
export function sshWords(error: CommandError | undefined, stderr: string): string | undefined {
  if (!error?.reason.startsWith(SSH_FAILED)) return undefined;
  const silent = NO_ANSWER.exec(stderr)?.[0];
  if (silent === undefined) return error.reason.slice(SSH_FAILED.length);
  return `${silent}: the host answers, but not on its ssh port; is a firewall dropping it, and is the port right?`;
}
