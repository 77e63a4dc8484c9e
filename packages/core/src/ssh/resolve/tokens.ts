import { createHash } from "node:crypto";
import { hostname as localHostname, userInfo } from "node:os";

/** What `%` tokens stand for (OpenSSH's ssh.c: %h host, %p port, %r remote user, %n original host, …). */
export type TokenValues = {
  readonly host: string;
  readonly originalHost: string;
  readonly port: number;
  readonly user: string;
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

/** `~/…` and `~user/…` expanded as OpenSSH's tilde_expand (only the current user's home is known here). */
export function expandTilde(path: string): string {
  if (path !== "~" && !path.startsWith("~/")) return path;
  // As misc.c's tilde_expand: the home directory, one slash, the rest without its leading slashes.
  const home = localUser().home;
  return `${home}${home.endsWith("/") ? "" : "/"}${path.slice(1).replace(/^\/+/, "")}`;
}

/** `%` tokens expanded as OpenSSH does for IdentityFile, UserKnownHostsFile, IdentityAgent and the like. */
export function expandTokens(text: string, values: TokenValues): string {
  const me = localUser();
  const full = localHostname();
  const table: Record<string, string> = {
    "%": "%",
    d: me.home,
    h: values.host,
    i: String(me.uid),
    k: values.keyAlias ?? values.originalHost,
    L: full.split(".")[0]!,
    l: full,
    n: values.originalHost,
    p: String(values.port),
    r: values.user,
    u: me.name,
    j: values.jump,
  };
  table.C = createHash("sha1").update(`${table.l}${table.h}${table.p}${table.r}${values.jump}`).digest("hex");
  return text.replace(/%(.)/g, (whole, token: string) => {
    const value = table[token];
    if (value === undefined) throw new UnknownTokenError(text, whole);
    return value;
  });
}

/** `${NAME}` environment references, as OpenSSH expands them in IdentityAgent and the like. */
export function expandEnv(text: string): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_whole, name: string) => process.env[name] ?? "");
}

/** A `%` token OpenSSH does not know in that option: ssh refuses the config, so the host goes to openssh to say so. */
export class UnknownTokenError extends Error {
  override readonly name = "UnknownTokenError";
  constructor(
    readonly text: string,
    readonly token: string,
  ) {
    super(`unknown token ${token} in \`${text}\``);
  }
}
