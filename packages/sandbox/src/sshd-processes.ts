// Starts a fleet's sshd processes on one port and waits until every address listens, or says why not.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dieWithOwner } from "./die-with-owner.ts";
import { findTool } from "./tools.ts";
import { onExit } from "./on-exit.ts";
import { readOwnFile } from "./own-file.ts";
import { killMarked } from "./marked.ts";
import { killDescendants, signal } from "./process-tree.ts";
import { sshdConfig } from "./sshd-config.ts";
import { waitUntil } from "./wait-until.ts";

// One sshd can listen on at most 16 addresses, so bigger fleets get several processes.
const ADDRESSES_PER_SSHD = 16;
const START_TIMEOUT_MS = 10_000;

/** Another process took the port between the choice and sshd's bind (a fleet started at the same moment). */
export class PortTakenError extends Error {
  override readonly name = "PortTakenError";
  constructor(readonly port: number) {
    super(`port ${port} was taken before the sandbox sshd could listen on it`);
  }
}

export type SshdFiles = {
  readonly dir: string;
  readonly hostKey: string;
  readonly authorizedKeys: string;
  readonly env: Readonly<Record<string, string>>;
  readonly extra: readonly string[];
};

/** The running processes, their logs, a stop, and one that does not wait (for a process exiting). */
export type SshdProcesses = {
  readonly children: ChildProcess[];
  readonly logs: () => string;
  stop(): Promise<void>;
  stopNow(): void;
};

/**
 * Starts one sshd per 16 of `addresses`, all on `port`, and resolves once each wrote its pid file, which sshd does
 * after binding; a bind that failed (logged, sshd goes on with the other addresses) is a PortTakenError, as a connect
 * could have reached the sshd that holds the port. Its files (`sshd_config.0`, `sshd.0.log`, …) are the same at every
 * attempt: a failed one has ended when this settles.
 */
export async function startSshds(addresses: readonly string[], port: number, files: SshdFiles): Promise<SshdProcesses> {
  const children: ChildProcess[] = [];
  const logFiles: string[] = [];
  const pidFiles: string[] = [];
  const logs = () => logFiles.map((f) => (existsSync(f) ? readFileSync(f, "utf8") : "")).join("");
  const running = () => children.filter((child) => child.exitCode === null && child.signalCode === null);
  const stopNow = () =>
    endSshds(
      running().flatMap((child) => (child.pid === undefined ? [] : [child.pid])),
      files.dir,
    );
  const sshdPath = findTool("sshd") ?? "sshd";
  const argv = (config: string, log: string) => dieWithOwner([sshdPath, "-D", "-f", config, "-E", log]);
  const stop = async () => {
    const exited = running().map((child) => new Promise((resolve) => child.once("exit", resolve)));
    stopNow();
    await Promise.all(exited);
  };
  // Until the caller holds them, an exit while they start must end them too.
  const forgetStopNow = onExit(stopNow);
  try {
    for (let i = 0; i * ADDRESSES_PER_SSHD < addresses.length; i++) {
      const file = (name: string) => join(files.dir, name);
      const [config, log, pidFile] = [file(`sshd_config.${i}`), file(`sshd.${i}.log`), file(`sshd.${i}.pid`)];
      const slice = addresses.slice(i * ADDRESSES_PER_SSHD, (i + 1) * ADDRESSES_PER_SSHD);
      const { hostKey, authorizedKeys, env, extra } = files;
      writeFileSync(config, sshdConfig({ addresses: slice, port, hostKey, authorizedKeys, pidFile, env, extra }));
      // sshd appends to its log: a failed attempt's lines must not count again.
      writeFileSync(log, "");
      rmSync(pidFile, { force: true });
      logFiles.push(log);
      pidFiles.push(pidFile);
      const [command, ...args] = argv(config, log);
      const child = spawn(command!, args, { stdio: "ignore" });
      // A spawn failure is seen as an exit below; without a listener it would be thrown.
      child.once("error", () => {});
      children.push(child);
    }
    const settled = () => children.every((child, i) => existsSync(pidFiles[i]!) || child.exitCode !== null);
    await waitUntil(settled, `sshd to listen on port ${port}`, START_TIMEOUT_MS);
    if (/Bind to port \d+ on .* failed: Address already in use/.test(logs())) throw new PortTakenError(port);
    const ended = children.find((child) => child.exitCode !== null || child.signalCode !== null);
    if (ended !== undefined) throw new Error(`sshd exited (${ended.exitCode ?? ended.signalCode})`);
  } catch (error) {
    await stop();
    if (error instanceof PortTakenError) throw error;
    throw new Error(`the sandbox sshd did not start: ${(error as Error).message}\n${logs()}`, { cause: error });
  } finally {
    forgetStopNow();
  }
  return { children, logs, stop, stopNow };
}

/**
 * Ends the sshd that a sandbox whose owner is gone left running in `dir`: without setpriv, nothing ended them with it.
 * A PID from their pid files counts only while its process still runs this directory's config.
 */
export function endLeftSshds(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const config = ` -f ${join(dir, "sshd_config.")}`;
  endSshds(
    names.flatMap((name) => {
      const pid = /^sshd\.\d+\.pid$/.test(name) ? Number(readOwnFile(join(dir, name), 32)?.text.trim()) : NaN;
      return Number.isInteger(pid) && pid > 0 && commandLine(pid).includes(config) ? [pid] : [];
    }),
    dir,
  );
}

// The listeners are held still while their connections' processes (and what runs in them) are killed, so none
// starts meanwhile, and what the sessions of `dir` left outside them (daemons) too; then they end.
function endSshds(pids: readonly number[], dir: string): void {
  pids.forEach((pid) => signal(pid, "SIGSTOP"));
  killDescendants(pids);
  killMarked(dir);
  pids.forEach((pid) => signal(pid, "SIGTERM") && signal(pid, "SIGCONT"));
}

// A process's command line, its arguments joined by spaces ("" once it ended).
function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}
