// dk's own output (listing, help, version, completion script, --json document) that cannot be written is an error:
// named on stderr with exit 1; a reader that went away exits 141 quietly, as SIGPIPE would.
import { join } from "node:path";
import { collect } from "@deploykit/sandbox";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dkBin, fixture, tempDir } from "./helpers/paths.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

const cache = tempDir("dk-cache-");
const file = fixture("flags");

// dk with its stdout set up by the shell line `redirect` (sh words; "$@" is dk's command line).
function dkWith(redirect: string, args: readonly string[], tasks = file) {
  const env = { ...process.env, NO_COLOR: "1", DK_CACHE_DIR: cache, FIFO: join(tempDir("dk-fifo-"), "out") };
  return collect("sh", ["-c", redirect, "sh", process.execPath, dkBin, "-f", tasks, ...args], { env });
}

const FULL = 'exec "$@" >/dev/full';
const ENOSPC = "dk: cannot write to stdout: no space left on device (ENOSPC)\n";

describe("when dk cannot write its output", () => {
  it.each([[["--list"]], [["--help"]], [["hello", "--help"]], [["--version"]], [["completion", "bash"]]])(
    "dk %j to a full device says so and exits 1",
    async (args) => {
      expect(await dkWith(FULL, args)).toMatchObject({ code: 1, stderr: ENOSPC });
    },
  );

  it("a task's console.log to a full device: the same one line, exit 1, no failure of the task", async () => {
    expect(await dkWith(FULL, ["hello"])).toMatchObject({ code: 1, stderr: ENOSPC });
  });

  it("a task that awaits its write to a full device: said once, as dk's own output", async () => {
    expect(await dkWith(FULL, ["awaited"], fixture("stdout-write"))).toMatchObject({ code: 1, stderr: ENOSPC });
  });

  it("a task's own write to a full file stays the task's failure", async () => {
    const result = await dkWith(FULL, ["own-write"], fixture("stdout-write"));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^dk: task "own-write" failed: Error: ENOSPC/);
  });

  it("to a stdout open for reading alone: exits 1, naming the error", async () => {
    const result = await dkWith('exec "$@" 1</dev/null', ["--list"]);
    expect(result).toMatchObject({ code: 1, stderr: "dk: cannot write to stdout: bad file descriptor (EBADF)\n" });
  });

  it("the --json document to a full device: exits 1 with the same one line, no internal error", async () => {
    const result = await dkWith(FULL, ["--json", "hello"]);
    expect(result.code).toBe(1);
    // The task's own output comes first: under --json it goes to stderr.
    expect(result.stderr.split("\n").slice(-2)).toEqual([ENOSPC.trim(), ""]);
    expect(result.stderr).not.toContain("internal error");
  });

  it("to a pipe whose reader has gone (`dk --list | head -0`): exits 141 and says nothing", async () => {
    // A pipe with no reader left, before dk starts: the FIFO is opened for reading and writing, then the reader closed.
    const gone = 'mkfifo "$FIFO" && exec 3<>"$FIFO" 4>"$FIFO" 3<&- && exec "$@" >&4 4>&-';
    expect(await dkWith(gone, ["--list"])).toMatchObject({ code: 141, stderr: "" });
  });
});
