import type { Duplex } from "node:stream";
import type { AgentAuthMethod, AuthenticationType, AuthHandlerMiddleware, PublicKeyAuthMethod } from "ssh2";
import { agentOffering, offerOnly } from "./agent-keys.ts";
import type { Hop } from "./hop.ts";
import type { Identities } from "./identities.ts";

/**
 * The agent, then each key file, in ssh's order; records the methods the server still allows, for the message, and
 * the key file tried last (the one logged in with, once the login succeeds). A key file ssh cannot load is offered by
 * its public key alone, and what ssh says of it is said where ssh would say it.
 */
type AuthMethod = AgentAuthMethod | PublicKeyAuthMethod;

export function authHandler(
  hop: Hop,
  onMethods: (left: readonly string[]) => void,
  onKeyFile: (key: Identities["keys"][number] | undefined) => void,
  onAgentRefused: () => void,
  agentConnections: Set<Duplex>,
): AuthHandlerMiddleware {
  const username = hop.resolved.user;
  const { agent: socket, agentOnly: only, agentFirst: first, agentPolicy } = hop.identities;
  const offering = { only, first };
  const agent =
    socket === undefined
      ? undefined
      : agentOffering(hop.ssh2, socket, offering, agentPolicy, onAgentRefused, agentConnections);
  const say = (said: readonly string[]) => () => void hop.notes.push(...said);
  const queue: (AuthMethod | { readonly said: () => void })[] = [
    ...(agent === undefined ? [] : [{ type: "agent" as const, username, agent }]),
    ...hop.identities.tries.map((k) =>
      "data" in k
        ? { type: "publickey" as const, username, key: k.parsed }
        : k.key === undefined
          ? { said: say(k.said) }
          : { type: "agent" as const, username, agent: offerOnly(hop.ssh2, k.key, say(k.said)) },
    ),
  ];
  return (left: AuthenticationType[] | null, _partial: boolean | null, next) => {
    if (left) onMethods(left);
    let method = queue.shift();
    // A key file whose public key ssh lacks is loaded when ssh comes to it: it says why it cannot, and goes on.
    for (; method !== undefined && "said" in method; method = queue.shift())
      if (left === null || left.includes("publickey")) method.said();
    // Nothing to offer: a "none" request, as ssh sends first, learns the methods the refusal names (`(password)`).
    if (method === undefined && left === null) return next({ type: "none", username });
    if (method === undefined || (left && !left.includes("publickey"))) return next(false as never);
    onKeyFile(method.type === "publickey" ? hop.identities.keys.find((k) => k.parsed === method.key) : undefined);
    next(method);
  };
}
