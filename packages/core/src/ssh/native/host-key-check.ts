import { saysError, saysInfo } from "./banner.ts";
import type { Hop } from "./connect.ts";
import { keyType, rsaBits } from "./key-blob.ts";
import { knownHostsName, knownTypes, verdict, type Verdict } from "./known-hosts.ts";
import { remember } from "./known-hosts-update.ts";
import { say } from "./messages.ts";
import { requiredRsaSize } from "./pubkey-algorithms.ts";
import { fingerprint, revokedKeys } from "./revoked.ts";

// Known key types first, as OpenSSH orders its host key algorithms for a host it knows (unless the configuration gave
// the list outright).
export function hostKeyOrder<T extends string>({ resolved, algorithms }: Hop, list: readonly T[]): T[] {
  if (!algorithms.serverHostKey.knownFirst) return [...list];
  const known = knownTypes(knownHostsFiles(resolved), knownHostsName(resolved));
  const isKnown = (algorithm: string) =>
    known.includes(algorithm) || (algorithm.startsWith("rsa-sha2-") && known.includes("ssh-rsa"));
  return [...list.filter(isKnown), ...list.filter((a) => !isKnown(a))];
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
  if (r.strictHostKeyChecking === "true") return { refusal: say.unknownStrict(type, name) };
  if (r.strictHostKeyChecking === "ask") return { refusal: say.unknownAsk() };
  const file = r.userKnownHostsFiles[0];
  // As ssh: a key that cannot be written is said (the connection goes on), and so is one that was.
  const said =
    file !== undefined && remember(file, name, blob, r.hashKnownHosts) ? say.added(name, type) : say.notAdded(file);
  if (saysInfo(r)) hop.notes.push(said);
  return { updatable: false, unsafe: false };
}

// A changed key: refused, or under StrictHostKeyChecking no taken with what a man in the middle could use turned off,
// each said as ssh says it (at its error level).
function changed(hop: Hop, name: string, blob: Buffer, seen: Verdict & { seen: "changed" }): KeyCheck {
  const r = hop.resolved;
  const addIn = r.userKnownHostsFiles[0] ?? r.globalKnownHostsFiles[0];
  const warning = say.changed(keyType(blob), fingerprint(blob), addIn, seen.offending);
  if (r.strictHostKeyChecking !== "false") return { refusal: `${warning}\n${say.refusedChanged(name)}` };
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
