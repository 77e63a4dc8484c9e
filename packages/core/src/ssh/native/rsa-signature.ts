import type { Client } from "ssh2";

const RSA_SIGNATURES = new Set(["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"]);

// The part of ssh2's client that reads the server's extensions (SSH_MSG_EXT_INFO).
type Extension = { readonly name: string; readonly algs?: readonly string[] };
type Internals = { _protocol?: { _handlers?: { EXT_INFO?: (protocol: unknown, exts: Extension[]) => void } } };

/**
 * The server's server-sig-algs with, of the RSA signatures, only the one ssh would sign an RSA key with: the first RSA
 * name of PubkeyAcceptedAlgorithms `accepted` that the server lists (none where it lists none, as ssh then signs with
 * none). Pure.
 */
export function sshSignatures(server: readonly string[], accepted: readonly string[]): string[] {
  const choice = accepted.find((name) => RSA_SIGNATURES.has(name) && server.includes(name));
  return server.filter((name) => !RSA_SIGNATURES.has(name) || name === choice);
}

/**
 * Has `client` (connecting) sign with an RSA key as ssh would. ssh2 takes rsa-sha2-256 wherever the server lists it;
 * ssh takes its list's first (rsa-sha2-512 by default), and a server may accept only one of them. It reaches into
 * ssh2's handler of the server's extensions (1.17's, pinned and bundled; rsa-signature.e2e.test.ts fails without it).
 */
export function signRsaAsSsh(client: Client, accepted: readonly string[]): void {
  const handlers = (client as unknown as Internals)._protocol?._handlers;
  const read = handlers?.EXT_INFO;
  if (handlers === undefined || read === undefined) return;
  handlers.EXT_INFO = (protocol, exts) =>
    read(
      protocol,
      exts.map((ext) =>
        ext.name === "server-sig-algs" && ext.algs ? { ...ext, algs: sshSignatures(ext.algs, accepted) } : ext,
      ),
    );
}
