import { spawn } from "node:child_process";
import { dkBin, tempDir } from "./paths.ts";

export type DkResult = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

export type DkOptions = {
  cwd?: string;
  env?: Record<string, string>;
  /** The cache dir; calls from one test file share one unless given. */
  cache?: string;
  /** Extra node flags, e.g. ["--import", hook]. */
  nodeArgs?: string[];
  /** Called with the child once stdout contains `text`. */
  onOutput?: { text: string; act: (child: ReturnType<typeof spawn>) => void };
  timeoutMs?: number;
  /** Written to dk's stdin, which is then closed; without it stdin is /dev/null. */
  input?: string;
};

let shared: string | undefined;

// One cache dir per test file: the first call in a file compiles, later ones hit the cache.
function sharedCache(): string {
  shared ??= tempDir("dk-cache-");
  return shared;
}

// Runs the real dk binary as a child process; kills it and fails after `timeoutMs`.
export function dk(args: readonly string[], options: DkOptions = {}): Promise<DkResult> {
  const {
    cwd = process.cwd(),
    env = {},
    cache = sharedCache(),
    nodeArgs = [],
    onOutput,
    timeoutMs = 30_000,
    input,
  } = options;
  const child = spawn(process.execPath, [...nodeArgs, dkBin, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: "1", DK_CACHE_DIR: cache, ...env },
    stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  if (input !== undefined) child.stdin?.end(input);
  let stdout = "";
  let stderr = "";
  let fired = false;
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    if (onOutput && !fired && stdout.includes(onOutput.text)) {
      fired = true;
      onOutput.act(child);
    }
  });
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`dk ${args.join(" ")} did not finish in ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
