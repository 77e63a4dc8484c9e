import { execFileSync } from "node:child_process";
import { closeSync, constants, createReadStream, existsSync, mkdtempSync, openSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { SILENT } from "../src/output/echo.ts";
import { setPrinter } from "../src/output/printer.ts";
import { run } from "../src/run.ts";
import { useFleet } from "./helpers/fleet.ts";
import { runScript } from "./helpers/script.ts";

const fleet = useFleet({ hosts: 1 });
let previous: ReturnType<typeof setPrinter>;
beforeEach(() => void (previous = setPrinter(SILENT)));
afterEach(() => void setPrinter(previous));

// A named pipe: a stream of it stays opening (`ready` never comes) until someone opens it for writing.
function fifo(): { path: string; dir: string; unblock: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "dk-not-started-"));
  const path = join(dir, "fifo");
  execFileSync("mkfifo", [path]);
  const unblock = () => {
    try {
      closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // No reader left waiting: nothing to unblock.
    }
  };
  return { path, dir, unblock };
}

describe("a run stopped while it waits to start: its command never starts", () => {
  it.each(["timeout", "signal"] as const)("waiting for its input file, by its %s", async (how) => {
    const { path, unblock } = fifo();
    const input = createReadStream(path);
    const stop = how === "timeout" ? { timeout: 200 } : { signal: AbortSignal.timeout(200) };
    // Its working directory does not exist: a start would fail on it (ENOENT) instead of being stopped.
    const error = await run("true", { cwd: "/nonexistent/dk", input, ...stop }).catch((e: unknown) => e);
    unblock();
    input.destroy();
    expect(error).toBeInstanceOf(CommandError);
    const failed = error as CommandError;
    const why = how === "timeout" ? "timed out after 200 ms" : "was interrupted";
    expect(failed.message).toBe(`\`true\` ${why} before it started`);
    expect(failed.exitCode).toBe(how === "timeout" ? 143 : 130);
  });

  it("over ssh: the ssh client is never started", async () => {
    const { path, dir, unblock } = fifo();
    const marker = join(dir, "ssh-started");
    // A ProxyCommand is run by the ssh client as it starts (and sends the host to openssh): it marks that start.
    const host = fleet.host({
      sshOptions: [...fleet.sandbox.hostOptions.sshOptions, "-o", `ProxyCommand=touch ${marker}`],
    });
    const input = createReadStream(path);
    const error = await host.run("true", { input, timeout: 200 }).catch((e: unknown) => e);
    unblock();
    input.destroy();
    expect(existsSync(marker)).toBe(false);
    expect(error).toMatchObject({ timedOut: true, exitCode: 143 });
  });

  it.each(["timeout", "signal"] as const)("waiting for room for its descriptors, by its %s", async (how) => {
    const stop = how === "timeout" ? "{ timeout: 300 }" : "{ signal: AbortSignal.timeout(300) }";
    // Room for a few commands; five that outlive the test hold it, so the sixth must wait for one of them to end.
    const r = await runScript(
      `
      import { readdirSync } from "node:fs";
      import { spawnSync } from "node:child_process";
      const open = readdirSync("/proc/self/fd").length;
      const limit = "--nofile=" + (open + 14) + ":" + (open + 14);
      if (spawnSync("prlimit", ["--pid", String(process.pid), limit]).status !== 0) throw new Error("prlimit failed");
      const quiet = { echo: false, stdout: "pipe", stderr: "pipe" };
      for (let i = 0; i < 5; i++) void core.run("sleep 60", quiet).catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 300));
      const error = await core.run("echo late", { ...quiet, ...${stop} }).catch((e) => e);
      console.log(JSON.stringify({ message: error.message, exitCode: error.exitCode }));
      process.exit(0);
      `,
      { timeoutMs: 40_000 },
    );
    expect(r.stderr).toBe("");
    const why = how === "timeout" ? "timed out after 300 ms" : "was interrupted";
    const message = `\`echo late\` ${why} before it started`;
    expect(JSON.parse(r.stdout)).toEqual({ message, exitCode: how === "timeout" ? 143 : 130 });
  });
});
