/** Reads SSH's wire format (RFC 4251 §5) from `at` on: each read gives undefined where the bytes end too soon. */
export class WireReader {
  constructor(
    private readonly bytes: Buffer,
    private at = 0,
  ) {}

  /** A uint32. */
  uint32(): number | undefined {
    if (this.at + 4 > this.bytes.length) return undefined;
    const value = this.bytes.readUInt32BE(this.at);
    this.at += 4;
    return value;
  }

  /** How many bytes are left to read. */
  left(): number {
    return this.bytes.length - this.at;
  }

  /** A string (or mpint): its length, then its bytes. */
  string(): Buffer | undefined {
    const start = this.at;
    const length = this.uint32();
    if (length === undefined || this.at + length > this.bytes.length) return void (this.at = start);
    this.at += length;
    return this.bytes.subarray(this.at - length, this.at);
  }
}

/** A uint32 in SSH's wire format. */
export function wireUint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}

/** A string in SSH's wire format: its length, then its bytes (text as UTF-8). */
export function wireString(value: Buffer | string): Buffer {
  const bytes = typeof value === "string" ? Buffer.from(value) : value;
  return Buffer.concat([wireUint32(bytes.length), bytes]);
}

/** A non-negative mpint from its big-endian bytes: no leading zeros, but one where the top bit is set. */
export function wireMpint(value: Buffer): Buffer {
  const first = value.findIndex((byte) => byte !== 0);
  const digits = first === -1 ? Buffer.alloc(0) : value.subarray(first);
  return wireString(digits.length > 0 && digits[0]! >= 0x80 ? Buffer.concat([Buffer.of(0), digits]) : digits);
}
