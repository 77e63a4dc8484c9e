import { spawnSync } from "node:child_process";

// Set-up steps are local and quick; anything slower than this is stuck.
const STEP_TIMEOUT_MS = 15_000;

/** Runs a set-up step that must work; fails with the command and what it printed. */
export function must(file: string, args: readonly string[], input?: string): string {
  const r = spawnSync(file, args, { encoding: "utf8", input, timeout: STEP_TIMEOUT_MS });
  if (r.status !== 0) {
    const why = r.error ? r.error.message : r.signal ? `killed by ${r.signal}` : `exit ${r.status}`;
    throw new Error(`\`${[file, ...args].join(" ")}\` failed (${why}): ${(r.stderr ?? "").trim()}`);
  }
  return r.stdout;
}

/** Runs a clean-up step whose failure only means there was nothing left to clean. */
export function attempt(file: string, args: readonly string[]): string | undefined {
  const r = spawnSync(file, args, { encoding: "utf8", timeout: STEP_TIMEOUT_MS });
  return r.status === 0 ? r.stdout : undefined;
}
