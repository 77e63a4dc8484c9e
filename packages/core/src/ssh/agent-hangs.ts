import { createConnection } from "node:net";
import { userSets } from "./config.ts";

// An agent lists its keys at once; the ssh client waits for ever for one that takes the connection and never answers
// (ConnectTimeout does not count the login). The native transport (agent-keys.ts) waits as long.
export const AGENT_ANSWER_MS = 3000;
// SSH_AGENTC_REQUEST_IDENTITIES, framed: its length (1), then its number (11).
const REQUEST_IDENTITIES = Buffer.from([0, 0, 0, 1, 11]);

// Each agent is asked once per process.
const asked = new Map<string, Promise<boolean>>();

/**
 * The options that keep ssh from the agent it would ask (SSH_AUTH_SOCK, unless the user names one: IdentityAgent)
 * when that agent takes a connection but does not list its keys within 3 s: ssh then logs in with the key files, as
 * native does. None for an agent that answers, or cannot be reached (ssh goes on without it by itself).
 */
export async function hungAgentArgs(sshOptions: readonly string[]): Promise<string[]> {
  const socket = process.env.SSH_AUTH_SOCK;
  if (!socket || userSets("IdentityAgent", sshOptions)) return [];
  let hangs = asked.get(socket);
  if (hangs === undefined) asked.set(socket, (hangs = agentHangs(socket)));
  return (await hangs) ? ["-o", "IdentityAgent=none"] : [];
}

// Whether the agent at `socket` takes a connection and then says nothing for AGENT_ANSWER_MS.
function agentHangs(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const connection = createConnection(socket, () => connection.write(REQUEST_IDENTITIES));
    const settle = (hung: boolean) => (clearTimeout(timer), connection.destroy(), resolve(hung));
    const timer = setTimeout(() => settle(true), AGENT_ANSWER_MS);
    connection.once("data", () => settle(false));
    connection.once("error", () => settle(false));
    connection.once("close", () => settle(false));
  });
}
