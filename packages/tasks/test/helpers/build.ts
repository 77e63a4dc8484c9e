import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageDir } from "./paths.ts";

const coreDir = join(packageDir, "..", "core");
// Each package's build is bounded; a test file waiting for another's build waits for both of them, and its hook
// for that wait: on a slow, busy machine a build is slow, and the tests behind it must not give up first.
const BUILD_MS = 120_000;
const LOCK_WAIT_MS = 2 * BUILD_MS + 30_000;
/** The timeout for `beforeAll(ensureBuilt, …)`. */
export const BUILD_HOOK_MS = LOCK_WAIT_MS + 2 * BUILD_MS;

// Rebuilds dist/ (and core's, which dk imports) when any source is newer than the last build; a lock
// directory keeps parallel test files from building at once.
export async function ensureBuilt(): Promise<void> {
  if (!isStale()) return;
  const lock = join(tmpdir(), `dk-build-lock-${Buffer.from(packageDir).toString("hex").slice(-32)}`);
  const deadline = Date.now() + LOCK_WAIT_MS;
  while (!tryLock(lock)) {
    if (Date.now() > deadline)
      throw new Error(`waited ${LOCK_WAIT_MS / 1000} s for ${lock}; remove it if no build is running`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  try {
    if (!isStale()) return;
    if (coreStale()) runBuildScript(coreDir);
    runBuildScript(packageDir);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function tryLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch {
    // A lock left by a killed run goes stale once no build could still hold it.
    if (Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > LOCK_WAIT_MS)
      rmSync(lock, { recursive: true, force: true });
    return false;
  }
}

function isStale(): boolean {
  return outdated(packageDir, "types/index.d.ts") || coreStale();
}

function coreStale(): boolean {
  return outdated(coreDir, "types/index.d.ts");
}

// Whether `dir`'s build is missing or older than a source: `last` is the file its build script writes last.
function outdated(dir: string, last: string): boolean {
  const built = statSync(join(dir, "dist", last), { throwIfNoEntry: false });
  return built === undefined || newest(join(dir, "src")) > built.mtimeMs;
}

// A package's own build script, as `pnpm install` runs it.
function runBuildScript(dir: string): void {
  const { scripts } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { scripts: { build: string } };
  const path = `${join(dir, "node_modules", ".bin")}:${process.env.PATH ?? ""}`;
  execFileSync("sh", ["-c", scripts.build], {
    cwd: dir,
    env: { ...process.env, PATH: path },
    stdio: "pipe",
    timeout: BUILD_MS,
  });
}

function newest(dir: string): number {
  return Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? newest(path) : statSync(path).mtimeMs;
    }),
  );
}
