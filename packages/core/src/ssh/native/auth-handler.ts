import type { AuthenticationType, AuthHandlerMiddleware } from "ssh2";
import { agentOffering } from "./agent-keys.ts";
import type { Hop } from "./hop.ts";
import type { Identities } from "./identities.ts";

/**
 * The agent, then each key file, in ssh's order; records the methods the server still allows, for the message, and
 * the key file tried last (the one logged in with, once the login succeeds).
 */
export function authHandler(
  hop: Hop,
  onMethods: (left: readonly string[]) => void,
  onKeyFile: (key: Identities["keys"][number] | undefined) => void,
  onAgentRefused: () => void,
): AuthHandlerMiddleware {
  const username = hop.resolved.user;
  const { agent: socket, agentOnly: only, agentFirst: first, agentPolicy } = hop.identities;
  const agent =
    socket === undefined ? undefined : agentOffering(hop.ssh2, socket, { only, first }, agentPolicy, onAgentRefused);
  const queue = [
    ...(agent === undefined ? [] : [{ type: "agent" as const, username, agent }]),
    ...hop.identities.keys.map((k) => ({ type: "publickey" as const, username, key: k.data })),
  ];
  return (left: AuthenticationType[] | null, _partial: boolean | null, next) => {
    if (left) onMethods(left);
    const method = queue.shift();
    // Nothing to offer: a "none" request, as ssh sends first, learns the methods the refusal names (`(password)`).
    if (method === undefined && left === null) return next({ type: "none", username });
    if (method === undefined || (left && !left.includes("publickey"))) return next(false as never);
    onKeyFile(method.type === "publickey" ? hop.identities.keys.find((k) => k.data === method.key) : undefined);
    next(method);
  };
}
