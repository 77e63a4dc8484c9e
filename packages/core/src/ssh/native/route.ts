import type { Transport } from "../../types.ts";
import { tracer } from "../../settings.ts";
import { configFileOf, refusedJump } from "../resolve/argv.ts";
import { resolveAsSsh } from "../resolve/ignore-unknown.ts";
import { TransportError } from "../transport-error.ts";
import type { Hop } from "./hop.ts";
import { algorithmsFor } from "./algorithms.ts";
import { identities } from "./identities.ts";
import { jumpThroughShell, parseHostEntryLoose } from "../resolve/jump.ts";
import { nativeOpener } from "./open.ts";
import { whyOpenssh } from "./plan.ts";
import { closeConnection } from "./pool.ts";
import { sshRefusal } from "./config-check.ts";
import { loadSsh2WithRoom } from "./ssh2.ts";
import { connectEarly, dropEarly } from "./tcp.ts";
import type { Opener } from "../../run/child.ts";

/** How a host's commands go: in-process (the connection chain, jump hosts first), or through `ssh`, and why. */
export type Choice =
  | { readonly transport: "native"; readonly chain: readonly Hop[] }
  | { readonly transport: "openssh"; readonly reason: string; readonly refused?: boolean; readonly fix?: string };

const choices = new Map<string, Promise<Choice>>();
// A choice is made once per transport setting, host and options.
const keyOf = (setting: Transport, hostname: string, argv: readonly string[]) =>
  JSON.stringify([setting, hostname, argv]);
// The choices made native that the first key exchange turned to openssh, each traced once.
const demoted = new Set<string>();

/**
 * The transport for `hostname` reached with ssh options `argv` (what would be passed to ssh, minus connection sharing):
 * native when asked, or under `auto` when everything the configuration asks for is something native does as ssh does.
 * Decided once per host and options. Unless `connect` is false (a question about the configuration alone), a direct
 * host is connected to while the rest is decided.
 */
export function chooseTransport(
  setting: Transport,
  hostname: string,
  argv: readonly string[],
  connect = true,
): Promise<Choice> {
  if (setting === "openssh") return Promise.resolve({ transport: "openssh", reason: "transport openssh" });
  const key = keyOf(setting, hostname, argv);
  let choice = choices.get(key);
  if (choice === undefined) {
    choice = decide(setting, hostname, argv, connect).then(async (c) => {
      tracer()?.(`${hostname}: transport ${c.transport}${c.transport === "openssh" ? ` (${c.reason})` : ""}`);
      if (setting !== "native" || c.transport === "native") return c;
      // Under auto ssh would say that it refuses the configuration (a misspelt option, say): native, asked for, too.
      const refused = c.refused ? c.reason : await sshRefusal(hostname, argv);
      throw new TransportError(hostname, refused ?? c.reason, refused !== undefined, c.refused ? c.fix : undefined);
    });
    choices.set(key, choice);
  }
  return choice;
}

/** The opener of `script` over the native connection `args` lead to, or undefined when the host goes through ssh. */
export async function nativeOpenerFor(
  setting: Exclude<Transport, "openssh">,
  hostname: string,
  args: readonly string[],
  script: string,
  fresh: boolean,
): Promise<Opener | undefined> {
  const choice = await chooseTransport(setting, hostname, args);
  if (choice.transport === "openssh") return undefined;
  // A server on which ssh would choose what native lacks (as-ssh.ts): the host's commands go through ssh from now on.
  return nativeOpener(choice.chain, script, fresh, (reason) => {
    const key = keyOf(setting, hostname, args);
    if (demoted.has(key)) return;
    demoted.add(key);
    tracer()?.(`${hostname}: transport openssh (${reason})`);
    choices.set(key, Promise.resolve({ transport: "openssh", reason }));
  });
}

/** Closes the native connection chosen for `hostname` with `args`, if one was. */
export async function closeChosen(setting: Transport, hostname: string, args: readonly string[]): Promise<void> {
  const choice = await choices.get(keyOf(setting, hostname, args))?.catch(() => undefined);
  if (choice?.transport === "native") await closeConnection(choice.chain);
}

async function decide(
  setting: Exclude<Transport, "openssh">,
  hostname: string,
  argv: readonly string[],
  connect: boolean,
): Promise<Choice> {
  const chain: Hop[] = [];
  let refusal: Promise<string | undefined> | undefined;
  const configFile = configFileOf(argv);
  // ssh refuses a second -J, or one after a ProxyJump or ProxyCommand -o (before any file is read), in its own words.
  const jumpRefused = refusedJump(argv);
  if (jumpRefused !== undefined) return { transport: "openssh", reason: jumpRefused };
  // The host, then each jump host before it, as `ssh -J` does: a jump is reached with the jumps before it, and only
  // with `-F` of the original options.
  for (let host = hostname, args = argv, depth = 0; ; depth++) {
    if (depth > 8) return { transport: "openssh", reason: "ProxyJump chain longer than 8" };
    const resolved = await resolveAsSsh(host, args);
    const [jump, on] = [resolved.proxyJump, depth === 0 ? "" : ` (jump host ${host})`];
    // Asked for, native says what to correct in a path ssh too refuses to expand (auto leaves it to ssh's words).
    const bad = setting === "native" ? resolved.unexpanded : undefined;
    if (bad) return { transport: "openssh", reason: bad.reason + on, refused: true, fix: bad.fix };
    const why = whyOpenssh(resolved) ?? (jump === undefined ? undefined : jumpThroughShell(jump, configFile));
    if (why !== undefined) return { transport: "openssh", reason: why + on };
    // A direct host is being connected to while ssh2 loads and its keys are read.
    const direct = connect && depth === 0 && resolved.proxyJump === undefined;
    // Node issues the connect on the next tick: let it go out before ssh2's load, which takes tens of ms.
    if (direct) await new Promise((started) => (connectEarly(resolved), process.nextTick(started)));
    // A line ssh may refuse: ssh is asked, while the rest goes on (the same files for the jump hosts).
    if (depth === 0 && resolved.unsure) refusal = sshRefusal(host, args);
    const module = await loadSsh2WithRoom();
    const ids = await identities(resolved, module);
    if ("openssh" in ids) {
      if (direct) dropEarly(resolved);
      return { transport: "openssh", reason: ids.openssh };
    }
    const algorithms = algorithmsFor(resolved, module);
    if ("openssh" in algorithms) {
      if (direct) dropEarly(resolved);
      return { transport: "openssh", reason: algorithms.openssh };
    }
    // Asked for, native connects with what it has, whatever ssh would choose (as-ssh.ts): only `auto` watches.
    const { asSsh: _watched, ...own } = algorithms;
    chain.unshift({
      resolved,
      identities: ids,
      algorithms: setting === "native" ? own : algorithms,
      ssh2: module,
      notes: [],
    });
    if (resolved.proxyJump === undefined) {
      const refused = await refusal;
      if (refused === undefined) return { transport: "native", chain };
      if (direct) dropEarly(resolved);
      return { transport: "openssh", reason: refused, refused: true };
    }
    const jumps = resolved.proxyJump.split(",");
    const last = parseHostEntryLoose(jumps.at(-1)!);
    if (last === undefined) return { transport: "openssh", reason: `ProxyJump ${resolved.proxyJump}` };
    host = last.hostname;
    args = [
      ...(configFile === undefined ? [] : ["-F", configFile]),
      ...(jumps.length > 1 ? ["-J", jumps.slice(0, -1).join(",")] : []),
      ...(last.user === undefined ? [] : ["-l", last.user]),
      ...(last.port === undefined ? [] : ["-p", String(last.port)]),
    ];
  }
}
