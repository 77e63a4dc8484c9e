import type { ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { collect, waitUntil, type Collected } from "@deploykit/sandbox";
import { dkBin, tempDir } from "../helpers/paths.ts";

let cache: string | undefined;

/**
 * Runs dk in a process group of its own (setsid) and, once `when` holds, sends `signal` to that group by its leader's
 * PID, as a terminal's Ctrl-C reaches every process of the foreground group; `again`, the same once more after it.
 * `input` is dk's stdin (e.g. the password of --ask-sudo-password).
 */
export async function signalledDk(
  args: readonly string[],
  when: () => boolean,
  { signal = "SIGINT", again, input }: { signal?: NodeJS.Signals; again?: () => boolean; input?: string } = {},
): Promise<Collected> {
  cache ??= tempDir("dk-cache-");
  let child: ChildProcess | undefined;
  const run = collect("setsid", [process.execPath, dkBin, ...args], {
    env: { ...process.env, NO_COLOR: "1", DK_CACHE_DIR: cache },
    timeoutMs: 90_000,
    ...(input === undefined ? {} : { input }),
    onSpawn: (spawned) => void (child = spawned),
  });
  let exited = false;
  void run.finally(() => void (exited = true)).catch(() => undefined);
  // A dk that ended first is not signalled (its group is gone): the test then reads how it ended.
  const signalWhen = async (condition: () => boolean, what: string) => {
    await waitUntil(() => exited || condition(), what, 60_000);
    if (!exited) process.kill(-child!.pid!, signal);
  };
  await signalWhen(when, "the moment to signal dk");
  if (again !== undefined) await signalWhen(again, "the moment to signal dk again");
  return run;
}

/**
 * A stand-in for `name` in `bin` (first on the hosts' PATH): the real one runs (first, or with `before` after the
 * wait), and the first run whose arguments contain `match` while `gate` exists waits until the gate goes (30 s at
 * most), having made `<gate>.waiting`. Returns the file.
 */
export function gatedCommand(bin: string, name: string, real: string, match: string, gate: string, before = false) {
  const file = join(bin, name);
  const wait = [
    `case "$*" in *'${match}'*)`,
    `  if [ -e '${gate}' ] && /bin/mkdir '${gate}.claimed' 2>/dev/null; then`,
    `    : >'${gate}.waiting'; i=0`,
    `    while [ -e '${gate}' ] && [ "$i" -lt 300 ]; do sleep 0.1; i=$((i + 1)); done`,
    "  fi ;;",
    "esac",
  ];
  const run = before ? [...wait, `exec ${real} "$@"`] : [`${real} "$@" || exit`, ...wait];
  writeFileSync(file, `#!/bin/sh\n${run.join("\n")}\n`, { mode: 0o755 });
  return file;
}

/**
 * A `.bashrc` in `home`, the hosts' HOME (Debian's bash reads it for a command run over ssh): the first login whose
 * command line (BASH_EXECUTION_STRING) contains `match` while `gate` exists waits, logged in, until the gate goes (30 s
 * at most), having made `<gate>.waiting`; then runs `after` (e.g. `exit 1`: the command never runs). Holds a step that
 * runs no program of its own. Returns the file.
 */
export function heldLogin(home: string, match: string, gate: string, after = ":"): string {
  const file = join(home, ".bashrc");
  const script = [
    `case "$BASH_EXECUTION_STRING" in *'${match}'*)`,
    `  if [ -e '${gate}' ] && /bin/mkdir '${gate}.claimed' 2>/dev/null; then`,
    `    : >'${gate}.waiting'; i=0`,
    `    while [ -e '${gate}' ] && [ "$i" -lt 300 ]; do sleep 0.1; i=$((i + 1)); done`,
    `    ${after}`,
    "  fi ;;",
    "esac",
  ];
  writeFileSync(file, `${script.join("\n")}\n`);
  return file;
}
