import { setTimeout as sleep } from "node:timers/promises";
import { CommandError, duration, type Host, printer } from "@deploykit/core";
import { followCommand, parsePoll, type PollStatus } from "./remote-poll.ts";

/** How dk follows a detached activation. */
export type AttachOptions = {
  /** Seconds a poll waits on the host for new output. */
  readonly pollWaitS: number;
  /** Whole seconds ssh waits to connect when re-attaching. */
  readonly connectTimeoutS: number;
  /** Milliseconds dk keeps trying to re-attach after the connection dropped, before it gives up on the host. */
  readonly reattachForMs: number;
  /** Ctrl-C: following stops at once (the AbortError, or the interrupted poll's CommandError, is thrown). */
  readonly signal?: AbortSignal | undefined;
};

/** How following ended: nixos-rebuild's exit and the script's status, or why dk lost the host. */
export type Followed = (
  | { readonly kind: "ended"; readonly status: PollStatus; readonly tail: string[] }
  | { readonly kind: "lost"; readonly reason: string; readonly gone?: boolean }
) & {
  readonly reattached: number;
  /** How far into the log it got: a later follow from here prints only what came after. */
  readonly offset: number;
};

// Output lines kept to explain a failure.
const TAIL_LINES = 20;
// A launched script writes its pid at once; this long without one, it is not coming.
const NEVER_STARTED_MS = 15_000;
// Backoff between attempts to re-attach: 1, 2, 4, then every 5 seconds.
const backoff = (attempt: number) => Math.min(5000, 1000 * 2 ** attempt);

/**
 * Prints the activation's log on `host` as it grows, tagged with the host, until nixos-rebuild has exited. A dropped
 * connection is re-opened with backoff and following resumes at the byte where it stopped, so no line is lost or
 * printed twice; a script that died without an exit code, or state that disappeared, ends it too.
 */
export async function followActivation(host: Host<unknown>, id: string, o: AttachOptions, from = 0): Promise<Followed> {
  const tag = host.commandPrefix;
  let offset = from;
  let partial = Buffer.alloc(0);
  let reattached = 0;
  let lostSince: number | undefined;
  let lastError = "";
  const tail: string[] = [];
  const started = Date.now();
  for (let attempt = 0; ;) {
    o.signal?.throwIfAborted();
    const polled = await poll(host, followCommand(id, offset, o.pollWaitS), o);
    if ("error" in polled) {
      lastError = polled.error;
      lostSince ??= Date.now();
      if (attempt === 0) printer().notice(tag, `lost the connection (${lastError}); re-attaching`);
      if (Date.now() - lostSince >= o.reattachForMs) {
        return {
          kind: "lost",
          reason: `could not re-attach for ${duration(o.reattachForMs)}: ${lastError}`,
          reattached,
          offset,
        };
      }
      // The shared connection died with the old session: the next poll opens a new one.
      await host.closeConnection();
      await sleep(backoff(attempt++), undefined, { signal: o.signal });
      continue;
    }
    if (lostSince !== undefined) {
      reattached++;
      printer().notice(tag, `re-attached after ${duration(Date.now() - lostSince)}; the activation kept running`);
      lostSince = undefined;
      attempt = 0;
    }
    const { status, log } = polled;
    offset += log.length;
    partial = Buffer.concat([partial, log]);
    const end = partial.lastIndexOf(10);
    if (end !== -1) {
      for (const line of partial.subarray(0, end).toString("utf8").split("\n")) {
        await printer().line(tag, line);
        tail.push(line);
      }
      tail.splice(0, tail.length - TAIL_LINES);
      partial = partial.subarray(end + 1);
    }
    if (!status.known)
      return { kind: "lost", reason: "its state on the host is gone (did it reboot?)", gone: true, reattached, offset };
    // Everything up to the exit is in the log once `exit` exists; one more poll drains what the last one left.
    if (status.exitCode !== undefined && log.length === 0) {
      if (partial.length > 0) await printer().line(tag, partial.toString("utf8"));
      return { kind: "ended", status, reattached, tail, offset };
    }
    // A script that is not running and never will write an exit code: killed, or never started.
    const dead = status.exitCode === undefined && !status.alive && log.length === 0;
    if (dead && (status.phase !== "starting" || Date.now() - started > NEVER_STARTED_MS)) {
      return {
        kind: "lost",
        reason:
          status.phase === "starting" ? "the activation never started" : "the activation died without an exit code",
        reattached,
        offset,
      };
    }
  }
}

/** One poll over ssh as root: the status and log bytes, or why it failed. */
export async function poll(
  host: Host<unknown>,
  command: string,
  o: Pick<AttachOptions, "connectTimeoutS" | "pollWaitS" | "signal">,
  freshConnection = false,
): Promise<{ status: PollStatus; log: Buffer } | { error: string }> {
  try {
    const result = await host.run(command, {
      becomeRoot: true,
      quiet: true,
      stdout: "pipe",
      stderr: "pipe",
      encoding: "buffer",
      dryRun: false,
      connectTimeout: o.connectTimeoutS,
      batchMode: true,
      freshConnection,
      ...(o.signal === undefined ? {} : { signal: o.signal }),
      // Past this, the connection is as good as gone (a host that left the network answers nothing).
      timeout: (o.pollWaitS + o.connectTimeoutS + 20) * 1000,
    });
    return parsePoll(result.stdout) ?? { error: `unexpected answer: ${result.stdout.subarray(0, 120).toString()}` };
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    if (error.interrupted) throw error;
    const said = Buffer.from(error.stderr).toString("utf8").trim().split("\n").at(-1);
    return { error: error.timedOut ? "no answer in time" : said || error.reason || `exit ${error.exitCode}` };
  }
}
