// A hashed known_hosts name is HMAC-SHA1(salt, name). Node's createHmac costs about 3 µs a call, and a large fleet with
// a large hashed known_hosts asks for hosts × entries of them. Here each salt's two pad blocks are hashed once and each
// name padded once, so a name against an entry costs two SHA-1 blocks and no allocation (hashed-name.test.ts checks
// the answers against createHmac).
const W = new Int32Array(80);
const STATE = new Int32Array(5);
// The outer hash's one block: the inner digest, then SHA-1's padding for 64 + 20 bytes.
const OUTER = new Int32Array(16);
OUTER[5] = 0x80000000 | 0;
OUTER[15] = (64 + 20) * 8;

/** A name to look for, padded as SHA-1 pads the message after a 64-byte key block. */
export function paddedName(name: string): Int32Array {
  const bytes = Buffer.from(name);
  const blocks = Math.ceil((bytes.length + 9) / 64);
  const padded = Buffer.alloc(blocks * 64);
  bytes.copy(padded);
  padded[bytes.length] = 0x80;
  const bits = (64 + bytes.length) * 8;
  padded.writeUInt32BE(Math.floor(bits / 2 ** 32), padded.length - 8);
  padded.writeUInt32BE(bits >>> 0, padded.length - 4);
  return words(padded);
}

/** A hashed entry `|1|salt|hash`, ready to be asked whether it names a host; undefined when it is malformed. */
export class HashedName {
  private constructor(
    private readonly inner: Int32Array,
    private readonly outer: Int32Array,
    private readonly hash: Int32Array,
  ) {}

  static of(hosts: string): HashedName | undefined {
    // As ssh's extract_salt and match_maybe_hashed: a salt of SHA-1's 20 bytes, and the field exactly as ssh would
    // write it again (padding, no junk), else the entry names no host.
    const [, salt64, hash64] = /^\|1\|([^|]*)\|(.*)$/s.exec(hosts) ?? [];
    if (salt64 === undefined || hash64 === undefined) return undefined;
    const salt = Buffer.from(salt64, "base64");
    const hash = Buffer.from(hash64, "base64");
    if (salt.length !== 20 || hash.length !== 20) return undefined;
    if (salt.toString("base64") !== salt64 || hash.toString("base64") !== hash64) return undefined;
    const pad = (byte: number) => {
      const block = Buffer.alloc(64, byte);
      for (let i = 0; i < salt.length; i++) block[i]! ^= salt[i]!;
      const state = Int32Array.of(0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0);
      compress(state, words(block), 0);
      return state;
    };
    return new HashedName(pad(0x36), pad(0x5c), words(hash));
  }

  /** Whether HMAC-SHA1(salt, name) is the entry's hash, `name` as `paddedName` made it. */
  names(name: Int32Array): boolean {
    STATE.set(this.inner);
    for (let at = 0; at < name.length; at += 16) compress(STATE, name, at);
    OUTER.set(STATE);
    STATE.set(this.outer);
    compress(STATE, OUTER, 0);
    const h = this.hash;
    return STATE[0] === h[0] && STATE[1] === h[1] && STATE[2] === h[2] && STATE[3] === h[3] && STATE[4] === h[4];
  }
}

function words(bytes: Buffer): Int32Array {
  return Int32Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readInt32BE(i * 4));
}

// SHA-1's compression function (FIPS 180-4, 6.1.2) over the 16 words of `block` from `at`: a loop per round function.
function compress(h: Int32Array, block: Int32Array, at: number): void {
  for (let t = 0; t < 16; t++) W[t] = block[at + t]!;
  for (let t = 16; t < 80; t++) {
    const x = W[t - 3]! ^ W[t - 8]! ^ W[t - 14]! ^ W[t - 16]!;
    W[t] = (x << 1) | (x >>> 31);
  }
  let a = h[0]!;
  let b = h[1]!;
  let c = h[2]!;
  let d = h[3]!;
  let e = h[4]!;
  for (let t = 0; t < 80; t++) {
    let f: number;
    if (t < 20) f = ((b & c) | (~b & d)) + 0x5a827999;
    else if (t < 40) f = (b ^ c ^ d) + 0x6ed9eba1;
    else if (t < 60) f = ((b & c) | (b & d) | (c & d)) + (0x8f1bbcdc | 0);
    else f = (b ^ c ^ d) + (0xca62c1d6 | 0);
    const next = (((a << 5) | (a >>> 27)) + f + e + W[t]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = next;
  }
  h[0] = (h[0]! + a) | 0;
  h[1] = (h[1]! + b) | 0;
  h[2] = (h[2]! + c) | 0;
  h[3] = (h[3]! + d) | 0;
  h[4] = (h[4]! + e) | 0;
}
