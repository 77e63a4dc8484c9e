/** The exit code of a run whose task can never finish (EX_SOFTWARE in sysexits.h); Node's own would be 13, silently. */
export const STRANDED = 70;

/**
 * Resolves when the event loop empties while the task is still pending (Node's `beforeExit`): nothing is left
 * that could settle it, and Node would otherwise exit 13 ("unsettled top-level await") without a word.
 */
export function whenStranded(): { promise: Promise<void>; dispose: () => void } {
  let listener = () => {};
  const promise = new Promise<void>((resolve) => {
    listener = () => resolve();
    process.on("beforeExit", listener);
  });
  return { promise, dispose: () => process.off("beforeExit", listener) };
}
