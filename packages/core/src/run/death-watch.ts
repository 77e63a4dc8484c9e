import { spawn } from "node:child_process";
import type { Socket } from "node:net";
import type { Writable } from "node:stream";

/**
 * Starts `script` in a detached `shell` whose stdin is a pipe only this process holds: the pipe ends when this process
 * does, however it ends (exit, a signal, SIGKILL), and the script sees that as the end of its input. Neither the shell
 * nor the pipe keeps this process alive. Returns the pipe; `onFailure` runs when the shell cannot start or the pipe
 * breaks. The descriptors `passed` are the shell's from 3 on.
 */
export function watchOurEnd(
  shell: "sh" | "bash",
  script: string,
  onFailure: () => void = () => {},
  passed: readonly number[] = [],
): Writable | null {
  // Without TMOUT, which a hardened login exports: the shell's `read` of the pipe would end after that many seconds.
  // The system's directories after this process's PATH (where the shell is looked up too): one without the shell or
  // the script's tools (rm, sleep) must not leave what it watches behind.
  const path = [process.env.PATH, "/usr/bin", "/bin"].filter(Boolean).join(":");
  const env = { ...process.env, TMOUT: undefined, PATH: path };
  const watcher = spawn(shell, ["-c", script], { detached: true, stdio: ["pipe", "ignore", "ignore", ...passed], env });
  watcher.on("error", onFailure);
  watcher.stdin?.on("error", onFailure);
  watcher.unref();
  (watcher.stdin as Socket | null)?.unref();
  return watcher.stdin;
}
