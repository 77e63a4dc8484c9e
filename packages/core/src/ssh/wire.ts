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

  /** A string (or mpint): its length, then its bytes. */
  string(): Buffer | undefined {
    const start = this.at;
    const length = this.uint32();
    if (length === undefined || this.at + length > this.bytes.length) return void (this.at = start);
    this.at += length;
    return this.bytes.subarray(this.at - length, this.at);
  }
}
