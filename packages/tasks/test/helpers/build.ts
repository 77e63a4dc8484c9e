import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageDir } from "./paths.ts";

const coreDir = join(packageDir, "..", "core");

// Rebuilds dist/ (and core's, which dk imports) when any source is newer than the last build; a lock
// directory keeps parallel test files from building at once.
export async function ensureBuilt(): Promise<void> {
  if (!isStale()) return;
  const lock = join(tmpdir(), `dk-build-lock-${Buffer.from(packageDir).toString("hex").slice(-32)}`);
  const deadline = Date.now() + 90_000;
  while (!tryLock(lock)) {
    if (Date.now() > deadline) throw new Error(`waited 90 s for ${lock}; remove it if no build is running`);
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
    // A lock left by a killed run goes stale after two minutes.
    if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 120_000)
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
    timeout: 120_000,
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
