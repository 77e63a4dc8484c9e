import type { Settings } from "./read-config.ts";
import { jumpHost, parsedJump } from "./jump.ts";
import { firstOfEachName, seconds, timer } from "./values.ts";
import { expandPath, expandTilde, localUser, orOpenssh, unexpandable } from "./tokens.ts";
import type { ResolvedSsh } from "./resolved.ts";
import { portOf } from "./service-port.ts";
import { batchAliveInterval } from "./batch-alive.ts";
import { finalHost } from "./final-host.ts";

/** ssh's own IdentityFiles when none is set (readconf.c fill_default_options), as written. */
export const DEFAULT_IDENTITIES = [
  "id_rsa",
  "id_ecdsa",
  "id_ecdsa_sk",
  "id_ed25519",
  "id_ed25519_sk",
  "id_xmss",
  "id_dsa",
].map((name) => `~/.ssh/${name}`);
const YES = new Set(["yes", "true"]);
const FAMILIES: Readonly<Record<string, 0 | 4 | 6>> = { any: 0, inet: 4, inet6: 6 };
const NO = new Set(["no", "false", "off"]);

/** `host`'s settings with defaults filled in and tokens expanded, as ssh.c does after reading the files. */
export function fillIn(host: string, settings: Settings): ResolvedSsh {
  const get = (keyword: string) => settings.first.get(keyword)?.[0];
  const flag = (keyword: string, fallback: boolean) => {
    const value = get(keyword)?.toLowerCase();
    return value === undefined ? fallback : YES.has(value) ? true : NO.has(value) ? false : fallback;
  };
  // ssh lowercases the name it connects to (not the one `Host` lines saw); an address, its resolver rewrites.
  const connectTo = finalHost(host, get("hostname"));
  const hostname =
    connectTo ?? (get("hostname") ?? host).replace(/%(.)/g, (_w, t: string) => (t === "h" ? host : t)).toLowerCase();
  const user = get("user") ?? localUser().name;
  // A number as ssh's a2port reads it (`+22`), or a service name (`Port ssh`) where ssh's look-up is the services
  // file; a bad port ssh refuses: 0.
  const portText = get("port") ?? "22";
  const number = portOf(portText) ?? 0;
  const port = number >= 1 && number <= 65535 ? number : 0;
  const jump = get("proxyjump");
  // ssh's parse_jump: `none` as the whole line is none; else a `#` starts a comment (so `none # …` is a host `none`).
  const proxyJump =
    jump === undefined || jump.toLowerCase() === "none" ? undefined : parsedJump(jump.replace(/#.*/, "").trimEnd());
  const keyAlias = get("hostkeyalias")?.toLowerCase();
  const tokens = { host: hostname, originalHost: host, port, user, jump: jumpHost(proxyJump), keyAlias };
  // A HostName with a token ssh refuses (it knows %h and %% alone), or an address its resolver rewrites: ssh's.
  let openssh =
    settings.openssh ??
    (port === 0 ? `port ${portText}` : connectTo === undefined ? `hostname ${get("hostname") ?? host}` : undefined);
  // A path ssh would refuse, or whose expansion only ssh knows, leaves the host to ssh.
  let unexpanded: ResolvedSsh["unexpanded"];
  const expanded = (path: string, option: string, how: (path: string) => string) =>
    orOpenssh(
      () => how(path),
      (why, { sshRefuses, token }) => {
        openssh ??= `${why} (${option})`;
        const [said, fix] = unexpandable(token);
        if (sshRefuses) unexpanded ??= { reason: `${option} \`${path}\` holds ${token}: ${said}`, fix };
      },
    ) ?? path;
  const expand = (path: string, option: string) => expanded(path, option, (p) => expandPath(p, tokens));
  const identityFiles = settings.identityFiles.length > 0 ? settings.identityFiles : [...DEFAULT_IDENTITIES];
  // Expanded when a key is loaded (identityPath): what ssh would refuse then is found here.
  for (const file of settings.identityFiles) expand(file, "IdentityFile");
  const agent = get("identityagent");
  const identityAgent =
    agent === undefined || agent === "SSH_AUTH_SOCK"
      ? process.env.SSH_AUTH_SOCK || undefined
      : agent.toLowerCase() === "none"
        ? undefined
        : // ssh's older form, `$NAME`: that variable's value (a path is expanded, `${NAME}` included).
          /^\$(?!\{)/.test(agent)
          ? process.env[agent.slice(1)] || undefined
          : expand(agent, "IdentityAgent");
  const strict = get("stricthostkeychecking")?.toLowerCase();
  const timeout = get("connecttimeout");
  const knownHosts = settings.first.get("userknownhostsfile");
  const batchMode = flag("batchmode", false);
  // Unset, the interval is ssh's default, which some distributions' ssh raise in batch mode.
  const alive = get("serveraliveinterval") ?? (batchMode ? String(batchAliveInterval()) : "0");
  return {
    host,
    hostname,
    user,
    port,
    identityFiles,
    identitiesOnly: flag("identitiesonly", false),
    identityAgent,
    proxyJump,
    userKnownHostsFiles: (knownHosts ?? ["~/.ssh/known_hosts", "~/.ssh/known_hosts2"]).map((file) =>
      expand(file, "UserKnownHostsFile"),
    ),
    // ssh expands only `~` in these (after `ssh -G` prints them): tokens and variables stay as written.
    globalKnownHostsFiles: (
      settings.first.get("globalknownhostsfile") ?? ["/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2"]
    ).map((file) => expanded(file, "GlobalKnownHostsFile", expandTilde)),
    strictHostKeyChecking:
      strict === undefined || strict === "ask"
        ? "ask"
        : strict === "accept-new"
          ? "accept-new"
          : YES.has(strict)
            ? "true"
            : "false",
    updateHostKeys: updateHostKeys(get("updatehostkeys"), knownHosts, get("verifyhostkeydns")),
    // 0 is no timeout to ssh, as "none" is; past Node's longest timer, a timer would fire at once.
    connectTimeout: timeout === undefined || seconds(timeout) === 0 ? undefined : timer(timeout),
    serverAliveInterval: timer(alive),
    serverAliveCountMax: Number(get("serveralivecountmax") ?? 3),
    connectionAttempts: Number(get("connectionattempts") ?? 1),
    batchMode,
    forwardAgent: flag("forwardagent", false),
    hashKnownHosts: flag("hashknownhosts", false),
    hostKeyAlias: keyAlias,
    addressFamily: FAMILIES[get("addressfamily")?.toLowerCase() ?? "any"] ?? 0,
    bindAddress: get("bindaddress"),
    bindInterface: get("bindinterface"),
    sendEnv: settings.first.get("sendenv") ?? [],
    setEnv: firstOfEachName(settings.first.get("setenv") ?? []),
    tokens,
    options: settings.first,
    openssh,
    unexpanded,
    warnings: settings.warnings ?? [],
    unsure: settings.unsure ?? false,
    ignorable: [...(settings.ignorable ?? [])],
  };
}

// UpdateHostKeys as readconf.c fills it in: unset, it is on only while the user's known hosts file is the default one
// (as written, before `~` is expanded) and VerifyHostKeyDNS is off.
function updateHostKeys(
  value: string | undefined,
  knownHosts: readonly string[] | undefined,
  dns: string | undefined,
): ResolvedSsh["updateHostKeys"] {
  const set = value?.toLowerCase();
  if (set === "ask") return "ask";
  if (set !== undefined) return YES.has(set) ? "true" : "false";
  const defaultFile = knownHosts === undefined || (knownHosts.length === 1 && knownHosts[0] === "~/.ssh/known_hosts");
  return defaultFile && (dns === undefined || NO.has(dns.toLowerCase())) ? "true" : "false";
}
