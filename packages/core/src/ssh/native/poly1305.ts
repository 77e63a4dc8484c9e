// Poly1305 (RFC 8439 §2.5), for chacha20-poly1305@openssh.com: Node's crypto has no Poly1305 of its own.
// The 130-bit numbers are ten 13-bit limbs in plain numbers: a product of two limbs (times 5 at most) summed ten
// times stays below 2^34, exact in a double, so no BigInt and no WebAssembly.

const MASK = 0x1fff;
const LIMB = 8192;

/** The 16-byte Poly1305 tag of `parts`, taken as one message, under the 32-byte one-time `key`, written to `out`. */
export function poly1305(out: Uint8Array, key: Uint8Array, parts: readonly Uint8Array[]): void {
  if (key.length !== 32) throw new RangeError(`Poly1305 needs a 32-byte key, got ${key.length} bytes`);
  if (out.length < 16) throw new RangeError(`Poly1305 writes a 16-byte tag, the output holds ${out.length}`);
  clamped.set(key.subarray(0, 16));
  for (let i = 3; i < 16; i += 4) clamped[i]! &= 15;
  for (let i = 4; i < 16; i += 4) clamped[i]! &= 252;
  load(m, clamped, 0, 0);
  // The coefficient of h[j] in limb i of h * r is R[i - j + 9]: r[i - j], or 5 r[i - j + 10] past the top.
  for (let k = 0; k < 10; k++) {
    R[k + 9] = m[k]!;
    if (k > 0) R[k - 1] = 5 * m[k]!;
  }
  h.fill(0);
  let filled = 0;
  for (const part of parts) {
    let at = 0;
    if (filled > 0) {
      at = Math.min(16 - filled, part.length);
      block.set(part.subarray(0, at), filled);
      filled += at;
      if (filled < 16) continue;
      absorb(block, 0, 1, TOP);
      filled = 0;
    }
    const whole = (part.length - at) >>> 4;
    absorb(part, at, whole, TOP);
    at += whole * 16;
    block.set(part.subarray(at), 0);
    filled = part.length - at;
  }
  if (filled > 0) {
    // A short last block is padded with a 1 byte, then zeros, in place of the 2^128 bit.
    block.fill(0, filled);
    block[filled] = 1;
    absorb(block, 0, 1, 0);
  }
  finish(out, key);
}

// 2^128, the bit each whole block gets above its 16 bytes: bit 11 of limb 9.
const TOP = 1 << 11;

// The 16 bytes at `at` as ten 13-bit limbs into `x`, `top` added to the last.
function load(x: Float64Array, bytes: Uint8Array, at: number, top: number): void {
  const t0 = bytes[at]! | (bytes[at + 1]! << 8);
  const t1 = bytes[at + 2]! | (bytes[at + 3]! << 8);
  const t2 = bytes[at + 4]! | (bytes[at + 5]! << 8);
  const t3 = bytes[at + 6]! | (bytes[at + 7]! << 8);
  const t4 = bytes[at + 8]! | (bytes[at + 9]! << 8);
  const t5 = bytes[at + 10]! | (bytes[at + 11]! << 8);
  const t6 = bytes[at + 12]! | (bytes[at + 13]! << 8);
  const t7 = bytes[at + 14]! | (bytes[at + 15]! << 8);
  x[0] = t0 & MASK;
  x[1] = ((t0 >>> 13) | (t1 << 3)) & MASK;
  x[2] = ((t1 >>> 10) | (t2 << 6)) & MASK;
  x[3] = ((t2 >>> 7) | (t3 << 9)) & MASK;
  x[4] = ((t3 >>> 4) | (t4 << 12)) & MASK;
  x[5] = (t4 >>> 1) & MASK;
  x[6] = ((t4 >>> 14) | (t5 << 2)) & MASK;
  x[7] = ((t5 >>> 11) | (t6 << 5)) & MASK;
  x[8] = ((t6 >>> 8) | (t7 << 8)) & MASK;
  x[9] = (t7 >>> 5) | top;
}

// Scratch state, reused: one tag is computed at a time, start to end, in one synchronous call.
const clamped = new Uint8Array(16);
const block = new Uint8Array(16);
const R = new Float64Array(19);
const h = new Float64Array(10);
const m = new Float64Array(10);
const d = new Float64Array(10);
const g = new Float64Array(10);

// For each of `count` blocks from `at`: h = (h + block) * r mod 2^130 - 5. A carry out of the top comes back into
// limb 0 times 5 (2^130 ≡ 5 mod p).
function absorb(bytes: Uint8Array, at: number, count: number, top: number): void {
  for (let b = 0; b < count; b++, at += 16) {
    load(m, bytes, at, top);
    for (let i = 0; i < 10; i++) h[i]! += m[i]!;
    for (let i = 0; i < 10; i++) {
      let sum = 0;
      for (let j = 0; j < 10; j++) sum += h[j]! * R[i - j + 9]!;
      d[i] = sum;
    }
    let carry = 0;
    for (let i = 0; i < 10; i++) {
      const v = d[i]! + carry;
      carry = Math.floor(v / LIMB);
      h[i] = v - carry * LIMB;
    }
    const v = h[0]! + carry * 5;
    carry = Math.floor(v / LIMB);
    h[0] = v - carry * LIMB;
    h[1]! += carry;
  }
}

// h reduced mod 2^130 - 5, plus the key's second half, mod 2^128, as 16 little-endian bytes.
function finish(out: Uint8Array, key: Uint8Array): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 1; i < 10; i++) {
      h[i]! += h[i - 1]! >>> 13;
      h[i - 1]! &= MASK;
    }
    h[0]! += (h[9]! >>> 13) * 5;
    h[9]! &= MASK;
  }
  h[1]! += h[0]! >>> 13;
  h[0]! &= MASK;
  // h < 2^130 now; h - p = h + 5 - 2^130, taken when it does not go below zero.
  let carry = 5;
  for (let i = 0; i < 10; i++) {
    const v = h[i]! + carry;
    carry = v >>> 13;
    g[i] = v & MASK;
  }
  const x = carry > 0 ? g : h;
  const words = [
    x[0]! | (x[1]! << 13),
    (x[1]! >>> 3) | (x[2]! << 10),
    (x[2]! >>> 6) | (x[3]! << 7),
    (x[3]! >>> 9) | (x[4]! << 4),
    (x[4]! >>> 12) | (x[5]! << 1) | (x[6]! << 14),
    (x[6]! >>> 2) | (x[7]! << 11),
    (x[7]! >>> 5) | (x[8]! << 8),
    (x[8]! >>> 8) | (x[9]! << 5),
  ];
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    sum = (words[i]! & 0xffff) + (key[16 + 2 * i]! | (key[17 + 2 * i]! << 8)) + (sum >>> 16);
    out[2 * i] = sum & 0xff;
    out[2 * i + 1] = (sum >>> 8) & 0xff;
  }
}
