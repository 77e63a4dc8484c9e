import { execFile } from "node:child_process";

export type SshG = {
  /** ssh's exit code: 0 when it took the configuration, 255 when it refused it; undefined when it could not run. */
  readonly code: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
};

// What ssh says of the terminal a session without a command would ask for: -G opens no session (a command would do
// away with it, but ssh refuses one beside a RemoteCommand).
const NO_TERMINAL = /^Pseudo-terminal will not be allocated because stdin is not a terminal\.\r?\n/m;

/** `ssh -G <args> -- <hostname>`: the configuration as ssh resolves it, without connecting. Bounded by 5 s. */
export function sshG(args: readonly string[], hostname: string): Promise<SshG> {
  return new Promise((resolve) =>
    execFile("ssh", ["-G", ...args, "--", hostname], { timeout: 5000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" && !error.killed ? error.code : undefined;
      resolve({ code, stdout: String(stdout), stderr: String(stderr).replace(NO_TERMINAL, "") });
    }),
  );
}
