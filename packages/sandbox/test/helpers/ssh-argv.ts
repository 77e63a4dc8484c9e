import type { Sandbox } from "../../src/index.ts";

/** The plain ssh client's options for `sandbox`'s hosts (no user config, no host-key checks): the host name follows. */
export function sshArgv(sandbox: Sandbox): string[] {
  const options = ["-F", "/dev/null", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "LogLevel=ERROR"];
  return [...options, "-o", "UserKnownHostsFile=/dev/null", "-i", sandbox.key, "-p", String(sandbox.port)];
}
