/**
 * Whether `value` is an AbortSignal: Node's, or one of another realm or a polyfill (jsdom's, abort-controller's), which
 * a run reads as it reads Node's, by `aborted` and its listeners.
 */
export function isAbortSignal(value: unknown): value is AbortSignal {
  if (value instanceof AbortSignal) return true;
  const signal = value as Partial<AbortSignal> | null;
  return (
    typeof signal?.aborted === "boolean" &&
    typeof signal.addEventListener === "function" &&
    typeof signal.removeEventListener === "function"
  );
}
