import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitUntil } from "@deploykit/sandbox";
import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { run } from "../src/run.ts";
import type { CommandResult, RunOptions } from "../src/types.ts";
import { useFleet } from "./helpers/fleet.ts";

const fleet = useFleet({ hosts: 1 });
const native = process.env["DEPLOYKIT_TRANSPORT"] === "native";
const options = { stdout: "pipe", stderr: "pipe", echo: false, check: false } as const;

// The same command locally and on the fleet's host (over the project's transport).
const places = {
  local: (command: string, opts: RunOptions) => run(command, opts),
  remote: (command: string, opts: RunOptions) => fleet.host().run(command, opts),
};

const signals = { SIGINT: 130, SIGKILL: 137, SIGTERM: 143, SIGSEGV: 139 } as const;
type Signal = keyof typeof signals;

// Runs `command` (which writes a pid to $PIDFILE first), sends `signal` from outside, as a user or the OOM killer on
// the host would: to that process, or to its whole process group. Settles with the result, or the error it threw.
async function killed(place: keyof typeof places, command: string, signal: Signal, group: boolean, check = false) {
  const file = join(mkdtempSync(join(tmpdir(), "dk-killed-")), "pid");
  const running = places[place](command.replaceAll("$PIDFILE", file), { ...options, check }).catch((e: unknown) => e);
  let pid = 0;
  await waitUntil(() => (pid = Number(readText(file))) > 0, "the command to write its pid");
  const pgid = Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")[2]);
  process.kill(group ? -pgid : pid, signal);
  return (await running) as CommandResult | CommandError;
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    return "";
  }
}

// bash waits out a child's INT only once it waits for it: one sent before then ends bash too (130), a race of bash's
// own. The child sends it once its shell sleeps (in the wait), 10 s at most.
const parentWaits =
  'for _ in $(seq 1000); do grep -q "^State:[[:space:]]*S" /proc/$PPID/status && break; sleep 0.01; done';

describe.each(Object.keys(places) as (keyof typeof places)[])("a %s command killed by a signal", (place) => {
  it.each(Object.keys(signals) as Signal[])("exits 128 + the number of %s sent to it, as bash reports", async (sig) => {
    const result = await killed(place, "sh -c 'echo $$ >$PIDFILE; exec sleep 30'; exit $?", sig, false);
    expect(result).not.toBeInstanceOf(Error);
    expect(result.exitCode).toBe(signals[sig]);
  });

  it.each(Object.keys(signals) as Signal[])("exits 128 + the number of %s sent to its process group", async (sig) => {
    const result = await killed(place, "echo $$ >$PIDFILE; sleep 30", sig, true);
    // The ssh client reports a shell that KILL ended as 255, naming no signal: dk says it may be either.
    if (place === "remote" && !native && sig === "SIGKILL") {
      expect(result).toBeInstanceOf(CommandError);
      expect(result).toMatchObject({ exitCode: 255 });
      expect((result as CommandError).reason).toMatch(/ssh exited with 255 .*killed by a signal/);
    } else {
      expect(result).not.toBeInstanceOf(Error);
      expect(result.exitCode).toBe(signals[sig]);
    }
  });

  it.each(Object.keys(signals) as Signal[])("names %s in its error, after the exit code", async (sig) => {
    const error = await killed(place, "sh -c 'echo $$ >$PIDFILE; exec sleep 30'; exit $?", sig, false, true);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).message).toMatch(
      new RegExp(`failed with exit code ${signals[sig]} \\(${sig}\\)(:|$)`),
    );
  });

  it("prints nothing of bash's when TERM ends its process group, as locally", async () => {
    // The pid is the running command's, so the signal surely finds it started; its group is its shell's.
    const result = await killed(place, "sh -c 'echo $$ >$PIDFILE; exec sleep 30'; exit $?", "SIGTERM", true);
    expect(result).toMatchObject({ exitCode: 143, stderr: "" });
  });

  it.each([
    ["INT killed the command it waited for", "sh -c 'kill -INT 0; sleep 30'; echo after", 130, ""],
    ["INT came while it ran no program", "kill -INT $$; echo after", 130, ""],
    [
      "a command took INT and exited",
      `sh -c '${parentWaits}; trap "exit 3" INT; kill -INT 0'; echo after $?`,
      0,
      "after 3\n",
    ],
  ])("ends its shell on INT as bash decides: %s", async (_, command, exitCode, stdout) => {
    expect(await places[place](command, options)).toMatchObject({ exitCode, stdout });
  });
});
