import { existsSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { unlessAborted } from "../run/abortable.ts";
import { controlPath } from "./connection.ts";

// Per control socket of ours not made yet: the first run's end, and (once a second run waits) its readiness.
const opening = new Map<string, Opening>();

type Opening = { readonly ended: Promise<void>; ready?: Promise<void> };

/**
 * Lets the first connection to a host become its master before others start, so that parallel runs on
 * one host share it instead of racing to create the socket. Returns a release to call when `run` ends. A wait ends
 * early once `signal` aborts (the run's deadline or stop).
 */
export async function awaitMaster(args: readonly string[], signal?: AbortSignal): Promise<() => void> {
  const path = controlPath(args);
  if (path === undefined || existsSync(path)) return () => {};
  const first = opening.get(path);
  if (first !== undefined) {
    // Watched only once a second run waits: a fleet of one command per host never polls.
    first.ready ??= readyOrEnded(path, first.ended);
    await unlessAborted(first.ready, signal);
    return () => {};
  }
  let done = () => {};
  const ended = new Promise<void>((resolve) => (done = resolve));
  opening.set(path, { ended });
  return () => {
    opening.delete(path);
    done();
  };
}

// Ready once the socket exists, or the first run ended (failed to connect, or finished very fast).
async function readyOrEnded(path: string, ended: Promise<void>): Promise<void> {
  let over = false;
  void ended.then(() => (over = true));
  for (let waited = 0; !over && !existsSync(path) && waited < 30_000; waited += 10) await sleep(10);
}
