import type { Client } from "ssh2";
import { decodedOnce } from "./decoded-key.ts";
import { RSA_HASH } from "./key-blob.ts";
import { protocolOf } from "./ssh2-protocol.ts";

/**
 * Has `client` (connecting) log in with a key file in one request, signed, where ssh2 (as ssh) first asks whether
 * the server would take the key: one round trip less per connection. The server's answer, and what counts against
 * MaxAuthTries, are the same: a key it does not take fails either way, and the next is tried. The agent's keys are
 * still asked about first, as an agent may ask its user before each signature. ssh2 1.17's internals, pinned and
 * bundled (native-login-wire.test.ts fails without it).
 */
export function signKeyFilesAtOnce(client: Client): void {
  const protocol = protocolOf(client);
  const authPK = protocol?.authPK;
  if (protocol === undefined || authPK === undefined) return;
  protocol.authPK = function (this: unknown, username, key, keyAlgo, sign) {
    if (sign !== undefined || typeof key?.isPrivateKey !== "function" || !key.isPrivateKey())
      return authPK.call(this, username, key, keyAlgo, sign);
    // An RSA signature name's hash; other key types take their own.
    const hash = RSA_HASH[keyAlgo ?? ""];
    return authPK.call(this, username, key, keyAlgo, (data, done) => {
      const signature = decodedOnce(key).sign(data, hash);
      // As where ssh2 signs after asking: the error ends the login (a key file native took signs).
      if (signature instanceof Error) return void client.emit("error", signature);
      done(signature);
    });
  };
}
