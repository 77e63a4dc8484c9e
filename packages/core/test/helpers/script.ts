import { collect, type Collected } from "@deploykit/sandbox";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const scratch = join(here, "..", ".scratch");
const tsx = join(here, "..", "..", "..", "..", "node_modules", ".bin", "tsx");
let counter = 0;

export type ScriptResult = Collected;

/**
 * Runs `body` as a TypeScript module in a child node (so its real stdout and stderr can be read),
 * with `core` bound to the package's source. Bounded by `timeoutMs`: past it, the child is killed and this rejects.
 */
export async function runScript(
  body: string,
  options: {
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
    onSpawn?: (pid: number) => void;
    discardStdout?: boolean;
    /** Written to the script's stdin, which then ends; without it stdin is /dev/null. */
    input?: string;
  } = {},
): Promise<ScriptResult> {
  mkdirSync(scratch, { recursive: true });
  const file = join(scratch, `script-${process.pid}-${counter++}.ts`);
  writeFileSync(file, `import * as core from "../../src/index.ts";\nvoid core;\n${body}\n`);
  try {
    return await collect(tsx, [file], {
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, ...options.env },
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.discardStdout === undefined ? {} : { discardStdout: options.discardStdout }),
      ...(options.input === undefined ? {} : { input: options.input }),
      onSpawn: (child) => child.pid !== undefined && options.onSpawn?.(child.pid),
    });
  } finally {
    rmSync(file, { force: true });
  }
}
