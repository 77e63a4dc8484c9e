import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { resolveSsh } from "../src/ssh/resolve/resolve.ts";
import type { ResolvedSsh } from "../src/ssh/resolve/resolved.ts";
import { CORPUS } from "./ssh-config/corpus.ts";

const root = mkdtempSync(join(tmpdir(), "dk-ssh-config-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => void vi.unstubAllEnvs());

// What `ssh -G` prints for the options native acts on, in ssh's words.
function fromSsh(argv: readonly string[], host: string): Record<string, string> {
  const out = execFileSync("ssh", ["-G", ...argv, "--", host], { encoding: "utf8", timeout: 10_000, env: process.env });
  const seen: Record<string, string> = {};
  for (const line of out.split("\n")) {
    const at = line.indexOf(" ");
    const key = line.slice(0, at).toLowerCase();
    if (!FIELDS.includes(key)) continue;
    seen[key] = key in seen ? `${seen[key]}\n${line.slice(at + 1)}` : line.slice(at + 1);
  }
  // ssh waits without a limit for both (it times a connection only when the value is above 0).
  if (seen.connecttimeout === "0") seen.connecttimeout = "none";
  return seen;
}

const FIELDS = [
  "hostname",
  "user",
  "port",
  "identityfile",
  "identitiesonly",
  "identityagent",
  "proxyjump",
  "userknownhostsfile",
  "globalknownhostsfile",
  "stricthostkeychecking",
  "connecttimeout",
  "serveraliveinterval",
  "serveralivecountmax",
  "batchmode",
  "forwardagent",
  "hashknownhosts",
  "updatehostkeys",
  "addressfamily",
  "hostkeyalias",
  "sendenv",
  "setenv",
  "proxycommand",
  "remotecommand",
];

// The same, from the resolver.
function fromResolver(r: ResolvedSsh): Record<string, string> {
  const yesNo = (b: boolean) => (b ? "yes" : "no");
  return {
    hostname: r.hostname,
    user: r.user,
    port: String(r.port),
    identityfile: r.identityFiles.join("\n"),
    identitiesonly: yesNo(r.identitiesOnly),
    ...(r.options.get("identityagent")?.[0]?.toLowerCase() === "none"
      ? { identityagent: "none" }
      : r.identityAgent === undefined
        ? {}
        : { identityagent: r.identityAgent }),
    ...(r.proxyJump === undefined ? {} : { proxyjump: r.proxyJump }),
    // ssh keeps these as the rest of the line; `none` (any case) is unset, and a ProxyJump stands for ProxyCommand.
    ...command("proxycommand", r.proxyJump === undefined ? r.options.get("proxycommand")?.[0] : undefined),
    ...command("remotecommand", r.options.get("remotecommand")?.[0]),
    userknownhostsfile: r.userKnownHostsFiles.join(" "),
    globalknownhostsfile: r.globalKnownHostsFiles.join(" "),
    stricthostkeychecking: r.strictHostKeyChecking,
    connecttimeout: r.connectTimeout === undefined ? "none" : String(r.connectTimeout),
    serveraliveinterval: String(r.serverAliveInterval),
    serveralivecountmax: String(r.serverAliveCountMax),
    batchmode: yesNo(r.batchMode),
    forwardagent: yesNo(r.forwardAgent),
    hashknownhosts: yesNo(r.hashKnownHosts),
    updatehostkeys: r.updateHostKeys,
    ...(r.hostKeyAlias === undefined ? {} : { hostkeyalias: r.hostKeyAlias }),
    addressfamily: ({ 0: "any", 4: "inet", 6: "inet6" } as const)[r.addressFamily],
    // ssh prints a line per name, none when there is none.
    ...(r.sendEnv.length > 0 ? { sendenv: r.sendEnv.join("\n") } : {}),
    ...(r.setEnv.length > 0 ? { setenv: r.setEnv.join("\n") } : {}),
  };
}

function command(keyword: string, value: string | undefined): Record<string, string> {
  return value === undefined || value.toLowerCase() === "none" ? {} : { [keyword]: value };
}

describe("ssh configuration, resolved as `ssh -G` resolves it", () => {
  it.each(CORPUS.map((c, i) => [c.name, c, i] as const))("%s", (_name, c, i) => {
    const dir = join(root, String(i));
    for (const [name, text] of Object.entries(c.files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text.replaceAll("{dir}", dir));
    }
    for (const [name, value] of Object.entries(c.env ?? {})) vi.stubEnv(name, value.replaceAll("{dir}", dir));
    const argv = [...(c.argv ?? []), ...(c.argv?.includes("-F") ? [] : ["-F", join(dir, "config")])];
    const expected = fromSsh(argv, c.host);
    expect(fromResolver(resolveSsh(c.host, argv))).toEqual(expected);
  });
});
