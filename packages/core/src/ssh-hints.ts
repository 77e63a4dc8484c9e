// What ssh prints when it cannot get a session, and what the user should do about it.
const HINTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/REMOTE HOST IDENTIFICATION HAS CHANGED/, "the host's key changed; if that is expected, drop the old one with `ssh-keygen -R HOST` and connect again"],
  [/Host key verification failed|No .* host key is known/, "the host's key is not in known_hosts; check it and add it (`ssh-keyscan -p PORT HOST >> ~/.ssh/known_hosts`), or use hostKeyCheck \"tofu\""],
  [/Connection refused/, "nothing accepts ssh connections on that port; is sshd running there, and is the port right?"],
  [/Permission denied \(/, "the host refused the login; check the user, the key (`key`, ssh-agent) and the host's authorized_keys"],
  [/Could not resolve hostname|Name or service not known/, "the hostname does not resolve; check its spelling (and `domainSuffix`)"],
  [/Connection timed out|No route to host|Network is unreachable/, "the host cannot be reached; is it up and on the network?"],
  [/Connection closed by|Connection reset by|Broken pipe|Timeout, server .* not responding/, "the connection to the host was lost"],
];

/** For an ssh exit code 255, the line ssh printed about the failure and a hint, when it is one ssh knows. */
export function sshFailure(exitCode: number, stderrTail: readonly string[]): { line: string; hint: string } | undefined {
  if (exitCode !== 255) return undefined;
  for (const line of [...stderrTail].reverse()) {
    const match = HINTS.find(([pattern]) => pattern.test(line));
    if (match) return { line: line.trim(), hint: match[1] };
  }
  return undefined;
}
