import { spawn } from "node:child_process";
import { remoteCommand, sshArgv, type Host } from "@deploykit/core";

/** How one quiet ssh run ended. */
export type SshOutcome = {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  /** Set when ssh itself could not be started. */
  readonly startError?: string;
};

export type SshRunOptions = {
  /** Through `sudo -n` unless the login user is root, as `host.run(…, {becomeRoot: true})` does. */
  readonly sudo: boolean;
  readonly connectTimeoutS: number;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
};

// Output beyond this is not needed: a boot id, or the last lines of an error.
const KEEP_CHARS = 8000;

/**
 * Runs `command` on `host` with exactly the ssh argv `host.run` builds (core's `sshArgv` and `remoteCommand`),
 * but without echoing it: probes repeat every second and the progress display owns the terminal.
 */
export function sshQuiet(host: Host<unknown>, command: string, o: SshRunOptions): Promise<SshOutcome> {
  const sudo = o.sudo && host.user !== "root";
  // ssh keeps the first value it sees. Before the host's options: a fresh connection each time, never a shared one
  // that died with the host. After them: a user's own ConnectTimeout wins.
  const fresh = ["-o", "ControlMaster=no", "-o", "ControlPath=none"];
  const sshOptions = [...fresh, ...host.sshOptions, "-o", `ConnectTimeout=${o.connectTimeoutS}`, "-o", "BatchMode=yes"];
  const args = sshArgv({ ...host, sshOptions }, remoteCommand(command, { sudo }));
  return new Promise((resolve) => {
    // stdin stays open while ssh runs: core's remote wrapper stops the remote command when it closes.
    const child = spawn("ssh", args, { stdio: ["pipe", "pipe", "pipe"] });
    child.stdin.on("error", () => {});
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout = (stdout + chunk).slice(-KEEP_CHARS)));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-KEEP_CHARS)));
    const kill = () => child.kill("SIGKILL");
    const timer = setTimeout(() => ((timedOut = true), kill()), o.timeoutMs);
    o.signal?.addEventListener("abort", kill, { once: true });
    const done = (outcome: SshOutcome) => {
      clearTimeout(timer);
      o.signal?.removeEventListener("abort", kill);
      child.stdin.destroy();
      resolve(outcome);
    };
    child.once("error", (error: NodeJS.ErrnoException) => {
      const startError = error.code === "ENOENT" ? "ssh is not installed here (Debian: apt-get install openssh-client)" : error.message;
      done({ exitCode: 127, stdout, stderr, timedOut, startError });
    });
    child.once("close", (code) => done({ exitCode: code ?? 255, stdout, stderr, timedOut }));
  });
}

/** The line that explains a failed ssh run, for messages. */
export function sshFailureLine(outcome: SshOutcome): string {
  if (outcome.startError !== undefined) return outcome.startError;
  if (outcome.timedOut) return "ssh did not finish in time";
  // Lines starting with \x1f are core's in-band markers (the remote exit status), not messages.
  const line = outcome.stderr.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("\x1f")).at(-1)?.trim();
  return line === undefined ? `ssh exited with ${outcome.exitCode}` : `${line} (exit ${outcome.exitCode})`;
}
