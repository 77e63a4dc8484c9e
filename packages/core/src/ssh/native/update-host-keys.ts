import type { Client, ParsedKey } from "ssh2";
import { statSync } from "node:fs";
import type { Hop } from "./hop.ts";
import { proofOf } from "./host-key-proof.ts";
import { saysError } from "./banner.ts";
import { keyType, keyTypeName } from "./key-blob.ts";
import { knownHostsName } from "./known-hosts.ts";
import { hostKeysPlan, replaceEntries, type HostKeysPlan } from "./known-hosts-update.ts";
import { internalsOf, protocolOf } from "./ssh2-protocol.ts";
import { strerrorOf } from "../strerror.ts";
import { WireReader } from "../wire.ts";

/**
 * Under UpdateHostKeys, as ssh's client_input_hostkeys: weighs the server's host keys (its hostkeys-00 notice) against
 * the user's known_hosts; keys new to it are first proven by the server (hostkeys-prove-00), then the files get the
 * server's keys in place of the name's others. Returns whether a request went to the server.
 */
export function learnHostKeys(hop: Hop, client: Client, sent: readonly ParsedKey[]): boolean {
  const offered = new Set<string>(hop.algorithms.serverHostKey.list);
  const keys: { readonly blob: Buffer; readonly key: ParsedKey }[] = [];
  for (const key of sent) {
    const blob = key.getPublicSSH();
    const type = keyType(blob);
    const accepted =
      type === "ssh-rsa" ? offered.has("rsa-sha2-256") || offered.has("rsa-sha2-512") : offered.has(type);
    if (!accepted || type.endsWith("-cert-v01@openssh.com")) continue;
    if (keys.some((k) => k.blob.equals(blob)))
      return (said(hop, `client_input_hostkeys: received duplicated ${type} host key`), false);
    keys.push({ blob, key });
  }
  const blobs = keys.map((k) => k.blob);
  const plan = keys.length === 0 ? undefined : weighed(hop, blobs);
  if (plan === undefined || "skip" in plan) return false;
  if (plan.fresh.length === 0) return (update(hop, blobs), false);
  const protocol = protocolOf(client);
  const waiting = internalsOf(client)._callbacks;
  const sessionId = protocol?._kex?.sessionID;
  const hostKeyAlgorithm = protocol?._kex?.negotiated?.serverHostKey;
  if (!protocol?.openssh_hostKeysProve || !waiting || !sessionId || hostKeyAlgorithm === undefined) return false;
  protocol.openssh_hostKeysProve(plan.fresh.map((i) => keys[i]!.key));
  // Its answer comes after those to the requests sent before it, in order.
  waiting.push((failed, data) => {
    if (failed || data === undefined) return said(hop, "Server failed to confirm ownership of private host keys");
    const proofs = new WireReader(data);
    const kept = keys.map((k) => k.blob as Buffer | undefined);
    for (const i of plan.fresh) {
      const { blob, key } = keys[i]!;
      const proof = proofs.string();
      const judged =
        proof === undefined ? "bad" : proofOf(blob, key.getPublicPEM(), proof, sessionId, hostKeyAlgorithm);
      if (judged === "disregard") kept[i] = undefined;
      else if (judged === "bad") {
        const at = `${keyTypeName(keyType(blob))} key ${i}`;
        return said(
          hop,
          `client_global_hostkeys_prove_confirm: server gave bad signature for ${at}: incorrect signature`,
        );
      }
    }
    const proven = kept.filter((blob) => blob !== undefined);
    update(hop, proven);
  });
  return true;
}

// The plan for the user's files; one that cannot be read is ssh's error, and no update.
function weighed(hop: Hop, blobs: readonly Buffer[]): HostKeysPlan | undefined {
  const files = hop.resolved.userKnownHostsFiles;
  try {
    return hostKeysPlan(files, knownHostsName(hop.resolved), blobs);
  } catch (error) {
    return void said(hop, `client_input_hostkeys: hostkeys_foreach failed: ${strerrorOf(error)}`);
  }
}

// As ssh's update_known_hosts: the keys go to the first file; from the others, the name's entries only go.
function update(hop: Hop, blobs: readonly Buffer[]): void {
  const r = hop.resolved;
  r.userKnownHostsFiles.forEach((file, i) => {
    try {
      statSync(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT")
        said(hop, `update_known_hosts: known hosts file ${file} inaccessible: ${strerrorOf(error)}`);
      return;
    }
    try {
      replaceEntries(file, knownHostsName(r), i === 0 ? blobs : [], r.hashKnownHosts);
    } catch (error) {
      said(hop, `update_known_hosts: hostfile_replace_entries failed for ${file}: ${strerrorOf(error)}`);
    }
  });
}

// ssh's errors (its error level): on the next command's stderr.
function said(hop: Hop, line: string): void {
  if (saysError(hop.resolved)) hop.notes.push(line);
}
