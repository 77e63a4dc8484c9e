// OpenSSH 9.2p1's client algorithm lists (myproposal.h, cipher.c), as Debian 12's ssh prints them with `ssh -G` and
// `ssh -Q`: what `+`, `-` and `^` start from (`defaults`), and everything ssh knows, which names and patterns are
// matched against (`all`).

// Debian's 9.2p1 (deb12u4 on) also knows sntrup761x25519-sha512 by OpenSSH 9.9's name, first in its defaults.
const SNTRUP = ["sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com"];

const KEX_DEFAULTS = [
  ...SNTRUP,
  "curve25519-sha256",
  "curve25519-sha256@libssh.org",
  "ecdh-sha2-nistp256",
  "ecdh-sha2-nistp384",
  "ecdh-sha2-nistp521",
  "diffie-hellman-group-exchange-sha256",
  "diffie-hellman-group16-sha512",
  "diffie-hellman-group18-sha512",
  "diffie-hellman-group14-sha256",
];

const KEX_ALL = [
  "diffie-hellman-group1-sha1",
  "diffie-hellman-group14-sha1",
  "diffie-hellman-group14-sha256",
  "diffie-hellman-group16-sha512",
  "diffie-hellman-group18-sha512",
  "diffie-hellman-group-exchange-sha1",
  "diffie-hellman-group-exchange-sha256",
  "ecdh-sha2-nistp256",
  "ecdh-sha2-nistp384",
  "ecdh-sha2-nistp521",
  "curve25519-sha256",
  "curve25519-sha256@libssh.org",
  ...SNTRUP,
];

const CIPHER_DEFAULTS = [
  "chacha20-poly1305@openssh.com",
  "aes128-ctr",
  "aes192-ctr",
  "aes256-ctr",
  "aes128-gcm@openssh.com",
  "aes256-gcm@openssh.com",
];

const CIPHER_ALL = [
  "3des-cbc",
  "aes128-cbc",
  "aes192-cbc",
  "aes256-cbc",
  ...CIPHER_DEFAULTS.slice(1),
  "chacha20-poly1305@openssh.com",
];

const MAC_DEFAULTS = [
  "umac-64-etm@openssh.com",
  "umac-128-etm@openssh.com",
  "hmac-sha2-256-etm@openssh.com",
  "hmac-sha2-512-etm@openssh.com",
  "hmac-sha1-etm@openssh.com",
  "umac-64@openssh.com",
  "umac-128@openssh.com",
  "hmac-sha2-256",
  "hmac-sha2-512",
  "hmac-sha1",
];

const MAC_ALL = [
  "hmac-sha1",
  "hmac-sha1-96",
  "hmac-sha2-256",
  "hmac-sha2-512",
  "hmac-md5",
  "hmac-md5-96",
  "umac-64@openssh.com",
  "umac-128@openssh.com",
  "hmac-sha1-etm@openssh.com",
  "hmac-sha1-96-etm@openssh.com",
  "hmac-sha2-256-etm@openssh.com",
  "hmac-sha2-512-etm@openssh.com",
  "hmac-md5-etm@openssh.com",
  "hmac-md5-96-etm@openssh.com",
  "umac-64-etm@openssh.com",
  "umac-128-etm@openssh.com",
];

// KEX_DEFAULT_PK_ALG: each certificate type before the plain types.
const PLAIN_KEYS = ["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"];
const SK_KEYS = ["sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com"];
const RSA_KEYS = ["rsa-sha2-512", "rsa-sha2-256"];
const KEY_DEFAULTS = [...PLAIN_KEYS, ...SK_KEYS, ...RSA_KEYS].map(cert).concat(PLAIN_KEYS, SK_KEYS, RSA_KEYS);

// sshkey_alg_list(0, 0, 1, ','): each plain type, then its certificate.
const KEY_ALL = [
  ...["ssh-ed25519", "sk-ssh-ed25519@openssh.com", ...PLAIN_KEYS.slice(1)].flatMap((name) => [name, cert(name)]),
  ...["sk-ecdsa-sha2-nistp256@openssh.com"].flatMap((name) => [name, cert(name)]),
  "webauthn-sk-ecdsa-sha2-nistp256@openssh.com",
  ...["ssh-dss", "ssh-rsa", "rsa-sha2-256", "rsa-sha2-512"].flatMap((name) => [name, cert(name)]),
];

/** A list option's defaults and everything ssh knows of its kind. */
export type SshList = {
  readonly defaults: readonly string[];
  readonly all: readonly string[];
  /** Whether ssh takes patterns outside a `-` list (sshkey_names_valid2): for key types only. */
  readonly wildcards?: boolean;
};

/** ssh's lists by option keyword. */
export const SSH_LISTS: Readonly<Record<"kexalgorithms" | "ciphers" | "macs" | "hostkeyalgorithms", SshList>> = {
  kexalgorithms: { defaults: KEX_DEFAULTS, all: KEX_ALL },
  ciphers: { defaults: CIPHER_DEFAULTS, all: CIPHER_ALL },
  macs: { defaults: MAC_DEFAULTS, all: MAC_ALL },
  hostkeyalgorithms: { defaults: KEY_DEFAULTS, all: KEY_ALL, wildcards: true },
};

/** What ssh proposes for compression (cipher.c's compression_alg_list), by the Compression option. */
export function sshCompression(value: string | undefined): readonly string[] {
  return /^yes$/i.test(value ?? "") ? ["zlib@openssh.com", "zlib", "none"] : ["none", "zlib@openssh.com", "zlib"];
}

// A key type's certificate name: `sk-ssh-ed25519@openssh.com` → `sk-ssh-ed25519-cert-v01@openssh.com`.
function cert(name: string): string {
  return `${name.replace(/@openssh\.com$/, "")}-cert-v01@openssh.com`;
}
