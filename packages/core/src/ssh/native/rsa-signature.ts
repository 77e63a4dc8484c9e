import type { Client } from "ssh2";
import { protocolOf, type Handler } from "./ssh2-protocol.ts";

const RSA_SIGNATURES = new Set(["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"]);
// ssh2's compatibility flag for OpenSSH 7.4 servers (COMPAT.IMPLY_RSA_SHA2_SIGALGS in 1.17).
const OPENSSH_74 = 1 << 4;

// An extension of the server's (SSH_MSG_EXT_INFO), as ssh2 reads it.
type Extension = { readonly name: string; readonly algs?: readonly string[] };

/**
 * The signature ssh makes with an RSA key (key_sig_algorithm): where the server sent no server-sig-algs, ssh-rsa if
 * PubkeyAcceptedAlgorithms `accepted` names it; else the first RSA name of `accepted` that the server lists, an OpenSSH
 * 7.4 server counting as listing both SHA-2 names (it takes them, and lists neither). Undefined: ssh skips RSA keys.
 * Pure.
 */
export function rsaSignature(
  server: readonly string[] | undefined,
  accepted: readonly string[],
  openssh74 = false,
): string | undefined {
  if (server === undefined) return accepted.includes("ssh-rsa") ? "ssh-rsa" : undefined;
  const listed = openssh74 ? ["rsa-sha2-256", "rsa-sha2-512"] : server;
  return accepted.find((name) => RSA_SIGNATURES.has(name) && listed.includes(name));
}

/** `server`'s list with, of the RSA signatures, only `choice` (none where it is undefined). Pure. */
export function withRsaSignature(server: readonly string[], choice: string | undefined): string[] {
  return [...server.filter((name) => !RSA_SIGNATURES.has(name)), ...(choice === undefined ? [] : [choice])];
}

/**
 * Has `client` (connecting) sign with an RSA key as ssh would. ssh2 takes rsa-sha2-256 wherever the server lists it,
 * ssh-rsa where the server lists nothing, and both SHA-2 names from OpenSSH 7.4; ssh takes the first of its own list
 * (rsa-sha2-512 by default), skips the key where the server lists nothing, and a server may accept only one of them.
 * It hands ssh2's reader of the server's extensions ssh's choice alone, and one made up where the server sent none, by
 * the time ssh2 starts to log in (the service accepted); ssh2 1.17's internals, pinned and bundled
 * (rsa-signature.e2e.test.ts and rsa-old-server.test.ts fail without it).
 */
export function signRsaAsSsh(client: Client, accepted: readonly string[]): void {
  const protocol = protocolOf(client);
  const handlers = protocol?._handlers;
  const read = handlers?.EXT_INFO as ((protocol: unknown, exts: Extension[]) => void) | undefined;
  const serviceAccepted = handlers?.SERVICE_ACCEPT as ((protocol: unknown, name: string) => void) | undefined;
  if (protocol === undefined || handlers === undefined || read === undefined || serviceAccepted === undefined) return;
  let told = false;
  const tell = (p: unknown, exts: Extension[]) => {
    told = true;
    const openssh74 = ((protocol._compatFlags ?? 0) & OPENSSH_74) !== 0;
    // ssh's reading of OpenSSH 7.4 is made here, in place of ssh2's.
    protocol._compatFlags = (protocol._compatFlags ?? 0) & ~OPENSSH_74;
    const narrowed = (algs: readonly string[] | undefined) =>
      withRsaSignature(algs ?? [], rsaSignature(algs, accepted, openssh74));
    const sigAlgs = exts.find((ext) => ext.name === "server-sig-algs");
    read(p, [
      ...exts.map((ext) => (ext === sigAlgs ? { ...ext, algs: narrowed(ext.algs) } : ext)),
      ...(sigAlgs === undefined ? [{ name: "server-sig-algs", algs: narrowed(undefined) }] : []),
    ]);
  };
  handlers.EXT_INFO = tell as Handler;
  handlers.SERVICE_ACCEPT = ((p: unknown, name: string) => {
    if (!told) tell(p, []);
    serviceAccepted(p, name);
  }) as Handler;
}
