import type { ResolvedSsh } from "../resolve/resolved.ts";

/** Whether ssh at `resolved`'s LogLevel prints what it says at INFO: the server's banner, a host key it added. */
export function saysInfo(resolved: ResolvedSsh): boolean {
  return !/^(quiet|fatal|error)$/i.test(resolved.options.get("loglevel")?.[0] ?? "");
}

/** Whether ssh at `resolved`'s LogLevel prints what it says at ERROR (all but QUIET and FATAL). */
export function saysError(resolved: ResolvedSsh): boolean {
  return !/^(quiet|fatal)$/i.test(resolved.options.get("loglevel")?.[0] ?? "");
}

/**
 * Whether ssh started with `env` prints UTF-8 (msetlocale): the locale is the first set of LC_ALL, LC_CTYPE and LANG,
 * else C, which is ASCII. Pure.
 */
export function utf8Locale(env: NodeJS.ProcessEnv): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || "";
  return /utf-?8/i.test(locale);
}

/**
 * The server's banner as ssh prints it (fmprintf): tab, CR, LF and, in a UTF-8 locale, every printable character as
 * they are; each byte of anything else (control characters, and past ASCII in the C locale) as a `\ooo` escape, so a
 * server cannot drive the terminal. Pure.
 */
export function bannerAsSsh(message: string, utf8: boolean): string {
  let out = "";
  for (const char of message) {
    const code = char.codePointAt(0)!;
    const printable = (code >= 0x20 && code < 0x7f) || /^[\t\n\r]$/.test(char) || (utf8 && code >= 0xa0);
    out += printable ? char : [...Buffer.from(char)].map((byte) => `\\${byte.toString(8).padStart(3, "0")}`).join("");
  }
  return out;
}
