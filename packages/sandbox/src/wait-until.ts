import { setTimeout as sleep } from "node:timers/promises";

/**
 * Polls `condition` every 50 ms until it holds; throws "timed out after N ms waiting for <what>" past `timeoutMs`.
 * The bound is generous by default: on a busy machine processes start and stop slowly.
 */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}
