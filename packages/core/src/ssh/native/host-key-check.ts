import { saysInfo } from "./banner.ts";
import type { Hop } from "./connect.ts";
import { knownHostsName, knownTypes, keyType, remember, rsaBits, verdict } from "./known-hosts.ts";
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

// StrictHostKeyChecking as ssh applies it; returns ssh's refusal, or undefined to go on.
export function checkHostKey(hop: Hop, blob: Buffer): string | undefined {
  const r = hop.resolved;
  const name = knownHostsName(r);
  const type = keyType(blob);
  // Before anything else, as ssh's verify_host_key_callback: an RSA key under RequiredRSASize is refused outright.
  if ((rsaBits(blob) ?? Infinity) < requiredRsaSize(r)) return say.shortRsaKey();
  // Then RevokedHostKeys (plan.ts took the file: a list native reads as ssh does).
  const revoked = r.options.get("revokedhostkeys")?.[0];
  if (revoked !== undefined && revokedKeys(revoked)?.has(blob.toString("base64")) === true)
    return say.revoked(type, fingerprint(blob), revoked);
  const seen = verdict(knownHostsFiles(r), name, blob);
  if (seen === "known") return undefined;
  if (seen === "changed") {
    const lines = say.changed(type, name, r.userKnownHostsFiles[0] ?? "known_hosts");
    // StrictHostKeyChecking=no connects anyway (ssh then allows only key logins, which is all native does).
    if (r.strictHostKeyChecking === "false") return void hop.notes.push(lines.split("\n").slice(0, -2).join("\n"));
    return lines;
  }
  if (r.strictHostKeyChecking === "true") return say.unknownStrict(type, name);
  if (r.strictHostKeyChecking === "ask") return say.unknownAsk();
  const file = r.userKnownHostsFiles[0];
  // As ssh: a key that cannot be written is said (the connection goes on), and so is one that was.
  const said =
    file !== undefined && remember(file, name, blob, r.hashKnownHosts) ? say.added(name, type) : say.notAdded(file);
  if (saysInfo(r)) hop.notes.push(said);
  return undefined;
}

// The files ssh looks a host key up in: the user's, then the system's.
function knownHostsFiles(r: Hop["resolved"]): string[] {
  return [...r.userKnownHostsFiles, ...r.globalKnownHostsFiles];
}
