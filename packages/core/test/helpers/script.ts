import { spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const scratch = join(here, "..", ".scratch");
const tsx = join(here, "..", "..", "..", "..", "node_modules", ".bin", "tsx");
let counter = 0;

export type ScriptResult = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/**
 * Runs `body` as a TypeScript module in a child node (so its real stdout and stderr can be read),
 * with `core` bound to the package's source. Bounded by `timeoutMs`.
 */
export function runScript(
  body: string,
  options: {
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
    onSpawn?: (pid: number) => void;
    discardStdout?: boolean;
  } = {},
): Promise<ScriptResult> {
  mkdirSync(scratch, { recursive: true });
  const file = join(scratch, `script-${process.pid}-${counter++}.ts`);
  writeFileSync(file, `import * as core from "../../src/index.ts";\nvoid core;\n${body}\n`);
  const env = { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, ...options.env };
  const child = spawn(tsx, [file], {
    env,
    stdio: ["ignore", options.discardStdout ? "ignore" : "pipe", "pipe"],
    timeout: options.timeoutMs ?? 30_000,
  });
  if (child.pid !== undefined) options.onSpawn?.(child.pid);
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  return new Promise((resolve) =>
    child.on("close", (code, signal) => {
      rmSync(file, { force: true });
      resolve({ code, signal, stdout, stderr });
    }),
  );
}
