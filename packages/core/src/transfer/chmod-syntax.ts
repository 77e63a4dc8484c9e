// One item of rsync's --chmod, as its parser takes it: `D` or `F` (not both) anywhere before the operator, then either
// an octal mode (no `ugoa` with it) or `[ugoa]*` with one of `-+=` and the bits `[rwxXst]*` or one class to copy.
const OCTAL = /^(?:D*|F*)([0-7]+)$/;
const SYMBOLIC = /^(?:[Dugoa]*|[Fugoa]*)[-+=](?:[rwxXst]*|[ugo])$/;

/**
 * Whether rsync's `--chmod` takes `mode`: comma-separated items, none empty, no spaces; an octal one at most 07777
 * (`D2775,F664`, `go-w`, `Dg+s,ug+w,Fo-w,+X`, `g=u`). Pure.
 */
export function isChmod(mode: string): boolean {
  return mode.split(",").every((item) => {
    const octal = OCTAL.exec(item)?.[1];
    return octal === undefined ? SYMBOLIC.test(item) : Number.parseInt(octal, 8) <= 0o7777;
  });
}
