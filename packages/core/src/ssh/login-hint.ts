import { quote } from "../run/quote.ts";
import { firstLockedKey } from "./key-file.ts";

/** What ssh logs in with: its identity files (expanded), and whether it has an agent to ask. */
export type LoginKeys = { readonly keys?: readonly string[] | undefined; readonly agent?: boolean | undefined };

const LOGIN = "check the user, the key (`key`, ssh-agent) and the host's authorized_keys";

/** What to do about a refused login, from ssh's last lines (`tail`) and the keys it had. */
export function loginHint(tail: readonly string[], login: LoginKeys): string {
  return keyless(tail) ?? unusedKey(tail) ?? locked(login) ?? LOGIN;
}

// A host whose list of ways to go on ("Permission denied (password).") has no key: no key, however right, gets in.
function keyless(tail: readonly string[]): string | undefined {
  const methods = tail.map((line) => /Permission denied \(([^)]*)\)/.exec(line)?.[1]).find((m) => m !== undefined);
  if (methods === undefined || methods.split(",").includes("publickey")) return undefined;
  return (
    `it asks for ${methods.split(",").join(", ")} (no key will do), which ssh cannot answer under dk: let the user ` +
    "log in there with a key (authorized_keys, PubkeyAuthentication yes)"
  );
}

// A key ssh said it could not use: likely why the login failed.
function unusedKey(tail: readonly string[]): string | undefined {
  for (const line of tail) {
    const open = /^Load key "(.*)": bad permissions$/.exec(line)?.[1];
    if (open !== undefined) return `ssh ignored the key ${open}: others may read it (\`chmod 600 ${quote(open)}\`)`;
    const missing = /^Warning: Identity file (.*) not accessible: (.*)\.$/.exec(line);
    if (missing) return `the key ${missing[1]} cannot be read (${missing[2]}): check \`key\``;
  }
  return undefined;
}

// Without an agent, a key that needs a passphrase is one ssh cannot use: dk's ssh has no terminal to ask on, even when
// dk runs on one (it runs in a session of its own), and it says nothing.
function locked(login: LoginKeys): string | undefined {
  const file = login.agent === false ? firstLockedKey(login.keys ?? []) : undefined;
  if (file === undefined) return undefined;
  return (
    `the key ${file} needs a passphrase, which ssh cannot ask for under dk (it has no terminal): load the key into ` +
    `ssh-agent (\`ssh-add ${quote(file)}\`)`
  );
}
