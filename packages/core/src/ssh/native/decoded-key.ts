import { createPrivateKey, type KeyObject } from "node:crypto";
import type { ParsedKey } from "ssh2";

// ssh2 signs with the key's PEM text, which OpenSSL 3 decodes again at every signature (about ten times the signature's
// own time): a key file's key signs through a view of it that holds the key decoded once.
const views = new WeakMap<ParsedKey, ParsedKey>();

/**
 * `key`, signing as ssh2's own `sign` does (the same hash, the same signature) from its private key decoded once;
 * `key` itself where ssh2 1.17's pinned internals (the PEM under its private symbol) are not there to decode.
 */
export function decodedOnce(key: ParsedKey): ParsedKey {
  let view = views.get(key);
  if (view === undefined) {
    view = viewOf(key) ?? key;
    views.set(key, view);
  }
  return view;
}

function viewOf(key: ParsedKey): ParsedKey | undefined {
  const pem = key.getPrivatePEM();
  const symbol = Object.getOwnPropertySymbols(key).find((s) => s.description === "Private key PEM");
  if (typeof pem !== "string" || symbol === undefined || (key as unknown as Record<symbol, unknown>)[symbol] !== pem)
    return undefined;
  let decoded: KeyObject;
  try {
    decoded = createPrivateKey(pem);
  } catch {
    // ssh2's own sign says what is wrong with the key, where it says it today.
    return undefined;
  }
  return Object.create(key, { [symbol]: { value: decoded } }) as ParsedKey;
}
