import { WireReader } from "../wire.ts";

/** The type named at the start of a key blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`). */
export function keyType(blob: Buffer): string {
  return new WireReader(blob).string()?.toString("latin1") ?? "";
}

/** The modulus size of an `ssh-rsa` key blob in bits (what RequiredRSASize bounds), or undefined for another blob. */
export function rsaBits(blob: Buffer): number | undefined {
  // string "ssh-rsa", mpint e, mpint n (big-endian, a leading zero byte when its top bit is set).
  const wire = new WireReader(blob);
  if (wire.string()?.toString("latin1") !== "ssh-rsa" || wire.string() === undefined) return undefined;
  const n = wire.string();
  return n === undefined ? undefined : bitLength(n);
}

// The bits of a big-endian number, leading zero bytes aside (BN_num_bits).
function bitLength(bytes: Buffer): number {
  const first = bytes.findIndex((byte) => byte !== 0);
  return first === -1 ? 0 : (bytes.length - first - 1) * 8 + (32 - Math.clz32(bytes[first]!));
}

/** The hash each RSA signature name signs with (sign-at-once.ts signs by it, host-key-proof.ts verifies by it). */
export const RSA_HASH: Readonly<Record<string, string>> = {
  "ssh-rsa": "sha1",
  "rsa-sha2-256": "sha256",
  "rsa-sha2-512": "sha512",
};

// One field of a public key as ssh reads it: whether it is there and ssh takes it.
type Field = (wire: WireReader) => boolean;
const mpint: Field = (wire) => bignum(wire.string()) !== undefined;
const ed25519: Field = (wire) => wire.string()?.length === 32;
const application: Field = (wire) => cstring(wire.string()) !== undefined;
// sshkey_check_rsa_length: a modulus under SSH_RSA_MINIMUM_MODULUS_SIZE is no key.
const modulus: Field = (wire) => bitLength(bignum(wire.string()) ?? Buffer.alloc(0)) >= 1024;

// Each curve's prime p and b (a is p - 3) and order n, as `openssl ecparam -param_enc explicit` prints them.
const CURVES: Readonly<Record<string, readonly [p: bigint, b: bigint, n: bigint, bytes: number]>> = {
  nistp256: [
    0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    32,
  ],
  nistp384: [
    2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
    0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
    0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
    48,
  ],
  nistp521: [
    2n ** 521n - 1n,
    BigInt(
      "0x51953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937" +
        "b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00",
    ),
    2n ** 521n - 0x5ae79787c40d069948033feb708f65a2fc44a36477663b851449048e16ec79bf7n,
    66,
  ],
};

// An ECDSA key's curve name, then its point: uncompressed, on the curve, and what sshkey_ec_validate_public asks
// (each coordinate over half the order's bits and under order - 1; nQ = O holds for any point of these curves).
function ecdsa(curve: string): Field[] {
  const [p, b, n, bytes] = CURVES[curve]!;
  const half = 1n << BigInt(Math.floor(n.toString(2).length / 2));
  return [
    (wire) => cstring(wire.string()) === curve,
    (wire) => {
      const point = wire.string();
      if (point === undefined || point.length !== 1 + 2 * bytes || point[0] !== 4) return false;
      const x = BigInt(`0x${point.toString("hex", 1, 1 + bytes)}`);
      const y = BigInt(`0x${point.toString("hex", 1 + bytes)}`);
      if (x < half || y < half || x >= n - 1n || y >= n - 1n) return false;
      return (y * y - ((x * x - 3n) * x + b)) % p === 0n;
    },
  ];
}

// What follows the type in a public key of each plain type, as ssh's deserialize_public reads it (ssh-*.c, 9.2p1).
const FIELDS: Readonly<Record<string, readonly Field[]>> = {
  "ssh-ed25519": [ed25519],
  "ssh-rsa": [mpint, modulus],
  "ecdsa-sha2-nistp256": ecdsa("nistp256"),
  "ecdsa-sha2-nistp384": ecdsa("nistp384"),
  "ecdsa-sha2-nistp521": ecdsa("nistp521"),
  "ssh-dss": [mpint, mpint, mpint, mpint],
  "sk-ssh-ed25519@openssh.com": [ed25519, application],
  "sk-ecdsa-sha2-nistp256@openssh.com": [...ecdsa("nistp256"), application],
};

/**
 * A known_hosts line's `type base64` as the key blob it is, when ssh's sshkey_read takes it (a line it cannot read, it
 * skips): canonical base64 (b64_pton), a blob of that type read as ssh reads it, or a certificate of it; else
 * undefined. Pure.
 */
export function keyBlob(type: string, base64: string): Buffer | undefined {
  const blob = Buffer.from(base64, "base64");
  if (blob.toString("base64") !== base64) return undefined;
  const wire = new WireReader(blob);
  if (wire.string()?.toString("latin1") !== type) return undefined;
  if (type.endsWith("-cert-v01@openssh.com")) return blob;
  const fields = FIELDS[type];
  return fields !== undefined && fields.every((read) => read(wire)) && wire.left() === 0 ? blob : undefined;
}

// sshbuf_get_bignum2_bytes_direct: not negative, at most 16384 bits (one leading zero byte more allowed).
function bignum(bytes: Buffer | undefined): Buffer | undefined {
  if (bytes === undefined || (bytes.length > 0 && bytes[0]! >= 0x80)) return undefined;
  return bytes.length > 2049 || (bytes.length === 2049 && bytes[0] !== 0) ? undefined : bytes;
}

// sshbuf_get_cstring: a NUL only as its last byte.
function cstring(bytes: Buffer | undefined): string | undefined {
  const nul = bytes?.indexOf(0) ?? -1;
  if (bytes === undefined || (nul !== -1 && nul !== bytes.length - 1)) return undefined;
  return bytes.toString("latin1", 0, nul === -1 ? bytes.length : nul);
}

/** The type as OpenSSH names it in messages (sshkey_type): ED25519, ECDSA, RSA. */
export function keyTypeName(type: string): string {
  const plain = type.replace(/-cert-v01@openssh\.com$/, "");
  const cert = plain === type ? "" : "-CERT";
  if (plain === "ssh-ed25519") return `ED25519${cert}`;
  if (plain.startsWith("ecdsa-")) return `ECDSA${cert}`;
  if (plain === "ssh-rsa") return `RSA${cert}`;
  if (plain === "ssh-dss") return `DSA${cert}`;
  if (plain === "sk-ssh-ed25519@openssh.com") return `ED25519-SK${cert}`;
  if (plain === "sk-ecdsa-sha2-nistp256@openssh.com") return `ECDSA-SK${cert}`;
  return "unknown";
}
