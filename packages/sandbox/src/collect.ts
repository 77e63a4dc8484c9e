import { spawn, type ChildProcess } from "node:child_process";

/** How a collected process ended, with everything it printed. */
export type Collected = {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
};

export type CollectOptions = {
  readonly cwd?: string;
  /** The whole environment of the child (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed; without it stdin is /dev/null (unless `openStdin`). */
  readonly input?: string;
  /** Stdin stays an open pipe for the caller to write to and end (through `onSpawn`'s child). */
  readonly openStdin?: boolean;
  /** Past this the child is killed and the promise rejects with what it printed. @default 30_000 */
  readonly timeoutMs?: number;
  /** Stdout goes nowhere (for floods a test only counts elsewhere). */
  readonly discardStdout?: boolean;
  /** Called once the child started. */
  readonly onSpawn?: (child: ChildProcess) => void;
  /**
   * Called once stdout contains `text`, or once `text` says yes to the stdout so far (e.g. to send a signal at the
   * right moment).
   */
  readonly onOutput?: {
    readonly text: string | ((stdout: string) => boolean);
    readonly act: (child: ChildProcess) => void;
  };
};

/**
 * Runs `file` with `args` and collects its output: the one spawn-and-collect of the test suites. Bounded: a child
 * still running after `timeoutMs` is killed, and the error names the command and shows its output so far.
 */
export function collect(file: string, args: readonly string[], options: CollectOptions = {}): Promise<Collected> {
  const { cwd, env, input, openStdin = false, timeoutMs = 30_000, discardStdout = false, onSpawn, onOutput } = options;
  const child = spawn(file, args, {
    cwd,
    env: env ?? process.env,
    stdio: [input === undefined && !openStdin ? "ignore" : "pipe", discardStdout ? "ignore" : "pipe", "pipe"],
  });
  if (input !== undefined) child.stdin?.end(input);
  let stdout = "";
  let stderr = "";
  let fired = false;
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    const { text } = onOutput ?? {};
    if (text !== undefined && !fired && (typeof text === "string" ? stdout.includes(text) : text(stdout))) {
      fired = true;
      onOutput!.act(child);
    }
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  onSpawn?.(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      const shown = [file, ...args].join(" ");
      reject(new Error(`\`${shown}\` did not finish in ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
