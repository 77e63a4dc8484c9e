import { createHash } from "node:crypto";
import { hostname as localHostname, userInfo } from "node:os";
import { sshAtLeast } from "./ssh-version.ts";

/** What `%` tokens stand for (OpenSSH's ssh.c: %h host, %p port, %r remote user, %n original host, …). */
export type TokenValues = {
  readonly host: string;
  readonly originalHost: string;
  readonly port: number;
  readonly user: string;
  /** ProxyJump's last host (the name alone), or empty. */
  readonly jump: string;
  /** HostKeyAlias, which %k stands for when set. */
  readonly keyAlias?: string | undefined;
};

type LocalUser = { readonly name: string; readonly home: string; readonly uid: number };

let me: LocalUser | undefined;

/**
 * The local user as OpenSSH sees it: the passwd entry, not $HOME or $USER. Looked up once per process, as ssh does:
 * each lookup reads the passwd database (or asks NSS, which may be a directory server), and every host asks.
 */
export function localUser(): LocalUser {
  if (me === undefined) {
    const info = userInfo();
    me = { name: info.username, home: info.homedir, uid: info.uid };
  }
  return me;
}

/**
 * `~`, `~/…` and `~user/…` expanded as OpenSSH's tilde_expand. ssh asks NSS for another user's home: only the local
 * user's is known here, so another `~user` throws, and the host is left to ssh (which fails on a user it lacks).
 */
export function expandTilde(path: string): string {
  if (!path.startsWith("~")) return path;
  const slash = path.indexOf("/");
  const user = path.slice(1, slash === -1 ? undefined : slash);
  if (user !== "" && user !== localUser().name) throw new UnknownTokenError(path, `~${user}`, "no home known for");
  // As misc.c's tilde_expand: the home directory, one slash, the rest without its leading slashes.
  const home = localUser().home;
  const rest = slash === -1 ? "" : path.slice(slash).replace(/^\/+/, "");
  return `${home}${home.endsWith("/") ? "" : "/"}${rest}`;
}

/**
 * A path as ssh expands IdentityFile, UserKnownHostsFile, IdentityAgent and ControlPath before it uses them: `~`, then
 * `${NAME}` and `%` tokens in one scan (misc.c's percent_dollar_expand: a variable's value is not read for tokens).
 * A token ssh does not know there, an unset variable or an open `${` throws: ssh refuses all of them.
 */
export function expandPath(text: string, values: TokenValues): string {
  return expandTilde(text).replace(
    /\$\{([^}]*)(\}?)|%([\s\S]?)/g,
    (whole, name?: string, close?: string, token?: string) => {
      if (name !== undefined) {
        const value = close === "" || name === "" ? undefined : process.env[name];
        if (value === undefined) throw new UnknownTokenError(text, whole, "no value for");
        return value;
      }
      const value = tokenValue(token!, values);
      if (value === undefined) throw new UnknownTokenError(text, whole);
      return value;
    },
  );
}

function tokenValue(token: string, values: TokenValues): string | undefined {
  const me = localUser();
  switch (token) {
    case "%":
      return "%";
    case "d":
      return me.home;
    case "h":
      return values.host;
    case "i":
      return String(me.uid);
    case "k":
      return values.keyAlias ?? values.originalHost;
    case "L":
      return localHostname().split(".")[0]!;
    case "l":
      return localHostname();
    case "n":
      return values.originalHost;
    case "p":
      return String(values.port);
    case "r":
      return values.user;
    case "u":
      return me.name;
    // OpenSSH 9.6 added %j, and the jump host to what %C hashes.
    case "j":
      return sshAtLeast(9, 6) ? values.jump : undefined;
    case "C": {
      const jump = values.jump !== "" && sshAtLeast(9, 6) ? values.jump : "";
      const hashed = `${localHostname()}${values.host}${values.port}${values.user}${jump}`;
      return createHash("sha1").update(hashed).digest("hex");
    }
    default:
      return undefined;
  }
}

/**
 * A `%` token OpenSSH does not know in that option or a `${NAME}` it cannot expand (ssh refuses the config), or another
 * user's `~user` (only ssh looks its home up): the host goes to openssh.
 */
export class UnknownTokenError extends Error {
  override readonly name = "UnknownTokenError";
  /** ssh refuses it too (a token it does not know, a variable without a value): no transport can expand it. */
  readonly sshRefuses: boolean;
  constructor(
    readonly text: string,
    readonly token: string,
    why = "unknown token",
  ) {
    super(`${why} ${token} in \`${text}\``);
    this.sshRefuses = token.startsWith("%") || token.startsWith("$");
  }
}

/** `expand()`'s value; or, where only ssh can expand it (an UnknownTokenError), undefined, with `refuse` told why. */
export function orOpenssh<T>(expand: () => T, refuse: (why: string, error: UnknownTokenError) => void): T | undefined {
  try {
    return expand();
  } catch (error) {
    if (!(error instanceof UnknownTokenError)) throw error;
    refuse(error.message, error);
    return undefined;
  }
}

/**
 * Why ssh cannot expand `what` in a path (a `%` token it does not know there, or a `${NAME}` without a value), and what
 * to do: the two halves of a hint, "; " between them.
 */
export function unexpandable(what: string): readonly [why: string, fix: string] {
  if (!what.startsWith("${")) return [`ssh knows no token ${what} there`, "correct it (a literal % is written %%)"];
  const without = "or write the path without it";
  if (!what.endsWith("}")) return ["that ${ has no closing }", `close it, ${without}`];
  if (what === "${}") return ["that ${} names no variable", `name one, ${without}`];
  return [`the variable ${what.slice(2, -1)} is not set in dk's environment`, `set it, ${without}`];
}
