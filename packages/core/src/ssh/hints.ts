type Where = { readonly hostname: string; readonly port?: number | undefined };

// What ssh prints when it cannot get a session, and what the user should do about it; first match wins.
const HINTS: ReadonlyArray<readonly [RegExp, (w: Where) => string]> = [
  [
    /REMOTE HOST IDENTIFICATION HAS CHANGED/,
    (w) =>
      `the host's key changed; if that is expected, drop the old one with \`ssh-keygen -R ${known(w)}\` and connect again`,
  ],
  [
    /Host key verification failed|No .* host key is known/,
    (w) =>
      `the host's key is not in known_hosts; check it and add it (\`mkdir -p ~/.ssh && ssh-keyscan ${w.port ? `-p ${w.port} ` : ""}${w.hostname} >> ~/.ssh/known_hosts\`), or use hostKeyCheck "tofu"`,
  ],
  [
    /Connection refused/,
    () => "nothing accepts ssh connections on that port; is sshd running there, and is the port right?",
  ],
  [
    /Permission denied \(/,
    () => "the host refused the login; check the user, the key (`key`, ssh-agent) and the host's authorized_keys",
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
    /Connection closed by|Connection reset by|Broken pipe|Timeout, server .* not responding|connection lost/i,
    () => "the connection to the host was lost",
  ],
];

function known(w: Where): string {
  return w.port && w.port !== 22 ? `'[${w.hostname}]:${w.port}'` : w.hostname;
}

/**
 * For ssh's own exit code 255: the line ssh printed about the failure (when it is one ssh is known to print) and a
 * hint.
 */
export function sshFailure(
  exitCode: number,
  stderrTail: readonly string[],
  where: Where,
): { line: string; hint: string } | undefined {
  if (exitCode !== 255) return undefined;
  for (const [pattern, hint] of HINTS) {
    const line = stderrTail.find((l) => pattern.test(l));
    if (line !== undefined) return { line: line.replace(/[@\s.]+$|^[@\s]+/g, ""), hint: hint(where) };
  }
  return {
    line: "ssh exited with 255 before the command reported its exit status",
    hint: "the connection to the host was lost",
  };
}
