import childProcess, { ChildProcess } from "node:child_process";
import { syncBuiltinESMExports } from "node:module";

type Spawn = (this: ChildProcess, options: { stdio?: unknown }) => void;
type AnyFunction = (...args: unknown[]) => unknown;

// The sync spawners that do not go through ChildProcess#spawn (execSync calls spawnSync inside its own module).
const SYNC = ["spawnSync", "execSync", "execFileSync"] as const;

/**
 * Every child spawned from now on gets fd 2 wherever it would get this process's fd 1 (`stdio: "inherit"`,
 * `[…, 1, …]`, a stream on fd 1): what a task's commands print goes to stderr, and fd 1 keeps only dk's document.
 */
export function sendChildrenStdoutToStderr(): void {
  // Every asynchronous spawner (spawn, exec, execFile, fork, and so execa) ends in ChildProcess#spawn, untyped.
  const prototype = ChildProcess.prototype as unknown as { spawn: Spawn };
  const spawn = prototype.spawn;
  prototype.spawn = function (this: ChildProcess, options: { stdio?: unknown }) {
    return spawn.call(this, retargetOptions(options));
  };
  const exports = childProcess as unknown as Record<(typeof SYNC)[number], AnyFunction>;
  for (const name of SYNC) {
    const original = exports[name];
    exports[name] = function (this: unknown, ...args: unknown[]) {
      return original.apply(this, args.map(retargetOptions));
    };
  }
  // `import { spawnSync } from "node:child_process"` in a tasks file then gets the wrapped function too.
  syncBuiltinESMExports();
}

// An options argument with its stdio retargeted; any other argument as it is.
function retargetOptions<T>(argument: T): T {
  if (typeof argument !== "object" || argument === null || Array.isArray(argument)) return argument;
  const { stdio } = argument as { stdio?: unknown };
  const retargeted = retarget(stdio);
  return retargeted === stdio ? argument : { ...argument, stdio: retargeted };
}

// `stdio` with fd 2 in each place that would be this process's fd 1.
function retarget(stdio: unknown): unknown {
  if (stdio === "inherit") return ["inherit", 2, "inherit"];
  if (!Array.isArray(stdio)) return stdio;
  const isFdOne = (entry: unknown, index: number) =>
    entry === 1 ||
    (index === 1 && entry === "inherit") ||
    (typeof entry === "object" && entry !== null && (entry as { fd?: unknown }).fd === 1);
  return stdio.some(isFdOne) ? stdio.map((entry, index) => (isFdOne(entry, index) ? 2 : entry)) : stdio;
}
