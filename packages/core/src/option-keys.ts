// The option names each call takes: anything else is a mistake, refused by name (`assertKnownOptions`).
const LOCAL_DEFAULTS = ["cwd", "env", "prefix", "timeout", "check", "echo", "stdout", "stderr"] as const;
const LOCAL = [...LOCAL_DEFAULTS, "signal", "maxBuffer", "dryRun", "encoding", "quiet", "input", "stdin"] as const;
const SSH = ["becomeRoot", "sudoPassword", "verboseSsh", "freshConnection", "connectTimeout", "batchMode"] as const;
const REMOTE = [...LOCAL, ...SSH];
const SHARED_HOST = ["key", "forwardAgent", "hostKeyCheck", "sshOptions", "reuseConnection", "transport"] as const;
const HOST = ["user", "port", "commandPrefix", "meta", "verboseSsh", ...SHARED_HOST] as const;

/** Each call that takes options, and the option names it knows. */
export const OPTION_KEYS = {
  "run()": LOCAL,
  "host.runLocal()": LOCAL,
  "host.run()": REMOTE,
  "group.run()": [...REMOTE, "concurrency"],
  "group.runLocal()": [...LOCAL, "concurrency"],
  "group.runFunction()": ["concurrency", "check"],
  "run.with()": LOCAL_DEFAULTS,
  "host.with()": [...LOCAL_DEFAULTS, "becomeRoot"],
  "group.with()": [...LOCAL_DEFAULTS, "becomeRoot"],
  "new Host()": HOST,
  "parseHosts()": [...SHARED_HOST, "domainSuffix", "defaultUser"],
} as const satisfies Record<string, readonly string[]>;

export type OptionsCall = keyof typeof OPTION_KEYS;

/**
 * Where `key`, unknown to `call`, belongs when another call takes it (a remote run's option given to a local one, a
 * host's to a run, a run's to a host): the end of its refusal, empty when none does.
 */
export function elsewhere(key: string, call: OptionsCall): string {
  const runs = { "run.with()": "run", "host.with()": "host.run", "group.with()": "group.run" } as const;
  const run = call in runs ? runs[call as keyof typeof runs] : undefined;
  if (run !== undefined && (has(LOCAL, key) || (has(SSH, key) && run !== "run")))
    return `: \`${key}\` is given per run, not as a default (${run}(command, { ${key} }))`;
  if (has(SSH, key)) return `: \`${key}\` is an option of remote runs (host.run, group.run)`;
  if (key === "concurrency") return `: \`${key}\` is an option of group calls (group.run, …)`;
  const list = call === "parseHosts()";
  if (call === "new Host()" || list) {
    if (has(LOCAL, key)) {
      const every = list ? `on the hosts, group.with({ ${key} })` : `on the host, host.with({ ${key} })`;
      return `: \`${key}\` is an option of runs (host.run(command, { ${key} })); for every run ${every}`;
    }
    if (list && key === "port") return ": `port` goes in each entry (`web1:2222`)";
    return list && (key === "commandPrefix" || key === "meta")
      ? `: each host has its own (new Host(name, { ${key} }))`
      : "";
  }
  if (!has(HOST, key)) return "";
  const spelled =
    key === "user" ? ', or parseHosts("user@host")' : key === "port" ? ', or parseHosts("host:port")' : "";
  const root =
    key === "user" && has(OPTION_KEYS[call], "becomeRoot") ? "; to run this command as root, `becomeRoot: true`" : "";
  return `: \`${key}\` is a host's option (new Host(name, { ${key} })${spelled})${root}`;
}

/** What was meant by options given as execa takes a program's arguments, or as a path alone; empty otherwise. */
export function notOptions(value: unknown): string {
  if (Array.isArray(value) && value.length > 0 && value.every((a) => typeof a === "string")) {
    const shown = value.slice(0, 3).map((a) => JSON.stringify(a));
    const args = `${shown.join(", ")}${value.length > 3 ? ", …" : ""}`;
    return `: a command's arguments go in the command, one array with the program first ([program, ${args}])`;
  }
  return typeof value === "string" && /^[/~.]/.test(value)
    ? `: options are named, e.g. { cwd: ${JSON.stringify(value)} }`
    : "";
}

function has(names: readonly string[], key: string): boolean {
  return names.includes(key);
}

// What dk's flags, the built-ins and other tools (execa, zx, invoke, Fabric, Ansible, ssh) call an option, and how ours
// is written; keyed without case or `_`, as `otherName` looks them up (`remote_user` is `remoteUser`).
const OTHER_NAMES: Readonly<Record<string, readonly [option: string, written: string]>> = {
  limit: ["concurrency", "concurrency"],
  parallel: ["concurrency", "concurrency"],
  forks: ["concurrency", "concurrency"],
  sudo: ["becomeRoot", "becomeRoot"],
  become: ["becomeRoot", "becomeRoot"],
  becomepass: ["sudoPassword", "sudoPassword"],
  becomepassword: ["sudoPassword", "sudoPassword"],
  warn: ["check", "check: false"],
  reject: ["check", "check: false"],
  nothrow: ["check", "check: false"],
  pty: ["stdin", 'stdin: "inherit"'],
  cancelsignal: ["signal", "signal"],
  hide: ["quiet", "quiet"],
  username: ["user", "user"],
  remoteuser: ["user", "user"],
  user: ["defaultUser", "defaultUser"],
  domain: ["domainSuffix", "domainSuffix"],
  suffix: ["domainSuffix", "domainSuffix"],
  identity: ["key", "key"],
  identityfile: ["key", "key"],
  keyfile: ["key", "key"],
  privatekey: ["key", "key"],
  privatekeyfile: ["key", "key"],
  tags: ["meta", "meta: { tags }"],
  workdir: ["cwd", "cwd"],
  dir: ["cwd", "cwd"],
  directory: ["cwd", "cwd"],
  chdir: ["cwd", "cwd"],
  environment: ["env", "env"],
  password: ["sudoPassword", "sudoPassword"],
  sshargs: ["sshOptions", "sshOptions"],
  sshopts: ["sshOptions", "sshOptions"],
  stricthostkeychecking: ["hostKeyCheck", "hostKeyCheck"],
};

// Our option for `name` as another tool spells it, when the call takes that option.
function otherName(name: string, known: readonly string[]): string | undefined {
  const key = name.replaceAll("_", "").toLowerCase();
  const meant = Object.hasOwn(OTHER_NAMES, key) ? OTHER_NAMES[key] : undefined;
  return meant !== undefined && known.includes(meant[0]) ? meant[1] : undefined;
}

/**
 * What `name` likely meant among `known`: our option for another tool's name for it (`otherName`), else the known name
 * closest to it, if it is a likely typo (at most a third of its letters differ).
 */
export function closest(name: string, known: readonly string[]): string | undefined {
  const other = otherName(name, known);
  if (other !== undefined) return other;
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(name.length / 3)) + 1;
  for (const candidate of known) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

// Edit distance, a swap of neighbours counting as one edit (`cdw` is one from `cwd`).
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}
