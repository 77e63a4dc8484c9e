import { collect, type Collected, type CollectOptions } from "@deploykit/sandbox";
import { dkBin, tempDir } from "./paths.ts";

export type DkResult = Collected;

export type DkOptions = {
  cwd?: string;
  env?: Record<string, string>;
  /** The cache dir; calls from one test file share one unless given. */
  cache?: string;
  /** Extra node flags, e.g. ["--import", hook]. */
  nodeArgs?: string[];
  /** Called with the child once stdout contains `text`. */
  onOutput?: CollectOptions["onOutput"];
  /** Called with the child as it starts (to watch its stderr, say). */
  onSpawn?: CollectOptions["onSpawn"];
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
  const { cwd = process.cwd(), env = {}, cache = sharedCache(), nodeArgs = [], onOutput, onSpawn, timeoutMs } = options;
  const { input } = options;
  return collect(process.execPath, [...nodeArgs, dkBin, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: "1", DK_CACHE_DIR: cache, ...env },
    ...(input === undefined ? {} : { input }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(onOutput === undefined ? {} : { onOutput }),
    ...(onSpawn === undefined ? {} : { onSpawn }),
  });
}
