import { CONFIG_HINTS, type Hint } from "./config-hints.ts";
import { keyHolder, keygen, keyscan, target, type Where } from "./host-key-target.ts";
import { loginHint } from "./login-hint.ts";

// What ssh prints when it cannot get a session, and what the user should do about it; first match wins.
const HINTS: ReadonlyArray<readonly [RegExp, Hint]> = [
  [
    /REMOTE HOST IDENTIFICATION HAS CHANGED/,
    (w, _line, tail, options) => {
      const holder = keyHolder(w(), tail, options);
      const whose = holder.jump ? `the key of the jump host ${holder.hostname}` : "the host's key";
      return `${whose} changed; if that is expected, drop the old one with \`${keygen(holder)}\` and connect again`;
    },
  ],
  [
    /Host key verification failed|No .* host key is known/,
    (w, _line, tail, options) => {
      const holder = keyHolder(w(), tail, options);
      const whose = holder.jump ? `the key of the jump host ${holder.hostname}` : "the host's key";
      const add = `${whose} is not in known_hosts; check it and add it (\`${keyscan(holder)}\`)`;
      // dk's hostKeyCheck is the host's policy; a jump host's is its ssh config's.
      return holder.jump ? add : `${add}, or use hostKeyCheck "tofu"`;
    },
  ],
  [
    /^Connection to .+ closed by this process \(host\.closeConnection\(\)\)\.?$/,
    () =>
      "this process closed the connection while the command ran, so the command was cut off; await the host's " +
      "commands (or noneInFlight()) before closing its connection",
  ],
  [
    /Connection refused/,
    () => "nothing accepts ssh connections on that port; is sshd running there, and is the port right?",
  ],
  ...CONFIG_HINTS,
  [
    /Too many authentication failures/,
    () =>
      "the host ended the login after too many refused keys (its sshd's MaxAuthTries, 6 by default): more keys are " +
      "offered (agent and ssh config) than it takes before the right one; name the host's key (`key`, or " +
      "IdentityFile) and add `IdentitiesOnly yes`, so that only it is offered",
  ],
  [/Permission denied \(/, (w, _line, tail) => `the host refused the login; ${loginHint(tail, w())}`],
  // Something took the TCP connection and gave no SSH greeting (sshconnect.c's kex_exchange_identification).
  [
    /^Connection timed out during banner exchange$/,
    () =>
      "something accepts connections on that port but sent no ssh greeting within ConnectTimeout: the host's sshd " +
      "may be overloaded, or that port is not an ssh server's",
  ],
  [
    /^banner exchange: /,
    () => "what answers on that port does not greet as an ssh server (SSH-2.0); is the port right?",
  ],
  [
    /^kex_exchange_identification: (Connection closed by remote host|read: Connection reset by peer)$/,
    () =>
      "the host closed the connection before ssh's greeting: its sshd may refuse new connections for now " +
      "(MaxStartups, when many connect at once; or fail2ban, TCP wrappers, a firewall), or that port is not an ssh " +
      "server's",
  ],
  [
    /^bind .+: |^getaddrinfo: .+: Address family for hostname not supported$/,
    () =>
      "ssh cannot send from the BindAddress of your ssh configuration: it must be an address of this machine, and " +
      "of the host's address family",
  ],
  [
    /^getifaddrs: .+: no suitable addresses$/,
    () =>
      "ssh cannot send from the BindInterface of your ssh configuration: it must name an interface of this machine " +
      "that is up, with an address of the host's address family",
  ],
  [
    /Could not resolve hostname|Name or service not known/,
    () => "the hostname does not resolve; check its spelling (and `domainSuffix`)",
  ],
  [
    /Connection timed out|No route to host|Network is unreachable/,
    () => "the host cannot be reached; is it up and on the network?",
  ],
  [
    /^Connection to .+ timed out$/,
    () =>
      "the host stopped answering while logging in (ServerAliveInterval × ServerAliveCountMax without a packet); " +
      "is it overloaded, or is something between dropping packets?",
  ],
  [
    /^Unable to negotiate with /,
    () =>
      "the host offers no algorithm of that kind that your ssh configuration allows (KexAlgorithms, " +
      "HostKeyAlgorithms, Ciphers or MACs): allow one it offers, e.g. with a `+` before its name",
  ],
  [
    /Connection closed by|Connection reset by|Broken pipe|Timeout, server .* not responding|connection lost/i,
    () => "the connection to the host was lost",
  ],
  // ssh's words for a connection that ends once logged in (clientloop.c).
  [/^Connection to .+ closed by remote host\.$/, () => "the connection to the host was lost"],
  // Last: ssh also warns so of lines it still takes (a deprecated option), and then a reason above is the failure.
  [
    /^.+? line \d+: |^Can't open user config file /,
    () =>
      "ssh refuses its configuration there; correct that line (`ssh -G` with the host checks it without connecting)",
  ],
];

/**
 * For ssh's own exit code 255: the line ssh printed about the failure (when it is one ssh is known to print) and a
 * hint; `sshArgs` (ssh's argv) says where the host's key belongs.
 */
export function sshFailure(
  exitCode: number,
  stderrTail: readonly string[],
  where: Where,
  sshArgs: readonly string[] = [],
): { line: string; hint: string } | undefined {
  if (exitCode !== 255) return undefined;
  const options = sshArgs.includes("--") ? sshArgs.slice(0, sshArgs.indexOf("--")) : sshArgs;
  for (const [pattern, hint] of HINTS) {
    const line = stderrTail.find((l) => pattern.test(l));
    if (line !== undefined) {
      const said = line.replace(/[@\s.]+$|^[@\s]+/g, "");
      return { line: said, hint: hint(() => target(where, options), said, stderrTail, options, where) };
    }
  }
  // On a terminal (-tt), ssh writes its reasons there, where dk does not read them.
  const onTerminal = options.includes("-tt") ? ", or ssh could not connect or log in (its reason is above)" : "";
  return {
    line: "ssh exited with 255 before the command reported its exit status",
    // ssh exits 255 without a word for both: a remote exit by signal is not an exit status to the OpenSSH client.
    hint: `the connection to the host was lost, or the command's shell was killed by a signal${onTerminal}`,
  };
}
