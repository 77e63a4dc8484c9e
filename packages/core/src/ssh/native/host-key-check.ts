import { saysError, saysInfo } from "./banner.ts";
import type { Hop } from "./hop.ts";
import { keyType, rsaBits } from "./key-blob.ts";
import { entriesFor, knownHostsName, verdict, type Verdict } from "./known-hosts.ts";
import { remember } from "./known-hosts-update.ts";
import { say } from "./messages.ts";
import { requiredRsaSize } from "./pubkey-algorithms.ts";
import { fingerprint, revokedKeys } from "./revoked.ts";

/**
 * A host key algorithm list as ssh offers it (ssh_kex2, order_hostkeyalgs): as it is when the configuration gave it
 * outright or put names first (`^`), or when a plain key of the type of ssh's most preferred algorithm is known for
 * the host; else the algorithms of key types known for it first. Looked up under HostKeyAlias or `[host]:port`.
 */
export function hostKeyOrder<T extends string>({ resolved, algorithms }: Hop, list: readonly T[]): T[] {
  const { knownFirst, best } = algorithms.serverHostKey;
  if (!knownFirst) return [...list];
  const name = knownHostsName(resolved);
  // Plain keys only, as ssh (revocations weigh nothing here; certificate authorities go to openssh: markerIn).
  const known = new Set(entriesFor(knownHostsFiles(resolved), name).flatMap((e) => (e.marker ? [] : [e.type])));
  const isKnown = (algorithm: string) => known.has(plainType(algorithm));
  if (isKnown(best)) return [...list];
  return [...list.filter(isKnown), ...list.filter((a) => !isKnown(a))];
}

// The key type a host key algorithm verifies, as known_hosts names it (sshkey_type_plain, the ECDSA curve kept).
function plainType(algorithm: string): string {
  // An sk type keeps its suffix: sk-ssh-ed25519-cert-v01@openssh.com verifies an sk-ssh-ed25519@openssh.com key.
  const plain = algorithm.replace(/-cert-v01(@openssh\.com)$/, algorithm.startsWith("sk-") ? "$1" : "");
  if (/^(ssh-rsa|rsa-sha2-256|rsa-sha2-512)$/.test(plain)) return "ssh-rsa";
  return plain.replace(/^webauthn-/, "");
}

/** What ssh makes of a host's key: its refusal, or how far it trusts the key it goes on with. */
export type KeyCheck =
  | { readonly refusal: string }
  | {
      readonly refusal?: undefined;
      /** Known from the user's known_hosts, under UpdateHostKeys: ssh then learns the server's other keys. */
      readonly updatable: boolean;
      /** A changed key taken under StrictHostKeyChecking no: ssh then forwards no agent. */
      readonly unsafe: boolean;
    };

// StrictHostKeyChecking as ssh applies it (check_host_key).
export function checkHostKey(hop: Hop, blob: Buffer): KeyCheck {
  const r = hop.resolved;
  const name = knownHostsName(r);
  const type = keyType(blob);
  // Before anything else, as ssh's verify_host_key_callback: an RSA key under RequiredRSASize is refused outright.
  if ((rsaBits(blob) ?? Infinity) < requiredRsaSize(r)) return { refusal: say.shortRsaKey() };
  // Then RevokedHostKeys (plan.ts took the file: a list native reads as ssh does).
  const revoked = r.options.get("revokedhostkeys")?.[0];
  if (revoked !== undefined && revokedKeys(revoked)?.has(blob.toString("base64")) === true)
    return { refusal: say.revoked(type, fingerprint(blob), revoked) };
  const seen = verdict(knownHostsFiles(r), name, blob);
  if (seen.seen === "known") {
    // Not when the key was found in a system file, which ssh never rewrites.
    const updatable = r.updateHostKeys === "true" && r.userKnownHostsFiles.includes(seen.found.file);
    return { updatable, unsafe: false };
  }
  if (seen.seen === "changed") return changed(hop, name, blob, seen);
  if (seen.seen === "revoked") {
    const warning = say.revokedKnown(type, name);
    if (r.strictHostKeyChecking !== "false") return { refusal: `${warning}\n${say.refusedRevoked(type, name)}` };
    return unsafe(hop, warning);
  }
  // As ssh off port 22 without HostKeyAlias: an entry under the bare name that holds the key confirms it (and nothing
  // is written); one that holds another key changes nothing.
  const bare =
    r.hostKeyAlias === undefined && r.port !== 22 ? verdict(knownHostsFiles(r), r.hostname, blob) : undefined;
  if (bare?.seen === "known") return { updatable: false, unsafe: false };
  if (r.strictHostKeyChecking === "true") return { refusal: say.unknownStrict(type, name) };
  if (r.strictHostKeyChecking === "ask") return { refusal: say.unknownAsk() };
  const file = r.userKnownHostsFiles[0];
  // As ssh: a key that cannot be written is said (the connection goes on), and so is one that was.
  const said =
    file !== undefined && remember(file, name, blob, r.hashKnownHosts) ? say.added(name, type) : say.notAdded(file);
  if (saysInfo(r)) hop.notes.push(said);
  return { updatable: false, unsafe: false };
}

// A changed key: refused, or under StrictHostKeyChecking no taken unsafe.
function changed(hop: Hop, name: string, blob: Buffer, seen: Verdict & { seen: "changed" }): KeyCheck {
  const r = hop.resolved;
  const addIn = r.userKnownHostsFiles[0] ?? r.globalKnownHostsFiles[0];
  const warning = say.changed(keyType(blob), fingerprint(blob), addIn, seen.offending);
  if (r.strictHostKeyChecking !== "false") return { refusal: `${warning}\n${say.refusedChanged(name)}` };
  return unsafe(hop, warning);
}

// A key taken under StrictHostKeyChecking no that ssh does not trust (changed, revoked): what a man in the middle could
// use turned off, each said as ssh says it (its continue_unsafe, at its error level) after the `warning`.
function unsafe(hop: Hop, warning: string): KeyCheck {
  const r = hop.resolved;
  const on = (keyword: string) => !/^(no|false)$/i.test(r.options.get(keyword)?.[0] ?? "yes");
  const lines = [
    warning,
    ...(on("passwordauthentication") ? [say.passwordOff()] : []),
    ...(on("kbdinteractiveauthentication") ? [say.kbdInteractiveOff()] : []),
    ...(r.forwardAgent ? [say.agentForwardingOff()] : []),
    ...(r.updateHostKeys === "true" ? [say.updateHostKeysOff()] : []),
  ];
  if (saysError(r)) hop.notes.push(lines.join("\n"));
  return { updatable: false, unsafe: true };
}

// The files ssh looks a host key up in: the user's, then the system's.
function knownHostsFiles(r: Hop["resolved"]): string[] {
  return [...r.userKnownHostsFiles, ...r.globalKnownHostsFiles];
}
