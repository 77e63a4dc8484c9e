import { quote } from "../run/quote.ts";
import { firstLockedKey } from "./key-file.ts";

/** What ssh logs in with: its identity files (expanded), and whether it has an agent to ask. */
export type LoginKeys = { readonly keys?: readonly string[] | undefined; readonly agent?: boolean | undefined };

const LOGIN = "check the user, the key (`key`, ssh-agent) and the host's authorized_keys";

/** What to do about a refused login, from ssh's last lines (`tail`) and the keys it had. */
export function loginHint(tail: readonly string[], login: LoginKeys): string {
  return unusedKey(tail) ?? locked(login) ?? LOGIN;
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

// Without an agent, a key that needs a passphrase is one ssh cannot use with no terminal to ask on; it says nothing.
function locked(login: LoginKeys): string | undefined {
  const file = login.agent === false ? firstLockedKey(login.keys ?? []) : undefined;
  if (file === undefined) return undefined;
  return (
    `the key ${file} needs a passphrase, which ssh asks for only on a terminal: run dk from one, or load the key ` +
    `into ssh-agent (\`ssh-add ${quote(file)}\`)`
  );
}
