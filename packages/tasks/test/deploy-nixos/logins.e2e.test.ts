// How often dk logs in to a host it deploys (each login a key exchange and an authentication there), counted in the
// host's sshd log, which notes every login it accepts.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployNixos } from "../../src/builtin/deploy-nixos/index.ts";
import { makeSource, startFleet, type Fleet } from "./helpers.ts";

let fleet: Fleet | undefined;
let source = "";
// sshd notes accepted logins from LogLevel INFO on; the sandbox's own level (ERROR) comes first, so a Match block.
beforeAll(async () => {
  fleet = await startFleet(1, ["Match all", "  LogLevel INFO"]);
  source = makeSource(join(fleet.work, "src"));
}, 120_000);
afterAll(async () => fleet?.stop());

const logins = () => fleet!.sandbox.logs().match(/Accepted publickey for /g)?.length ?? 0;

// Deploys the one host with `rollback`; the logins it took.
async function deployed(name: string, rollback: boolean): Promise<number> {
  const address = fleet!.sandbox.addresses[0]!;
  const [host] = fleet!.hosts([{ configDir: fleet!.configDir(address, name), flakeAttr: "web" }]);
  const before = logins();
  // Its shared connection ends with it: the next deployment's is a login of its own.
  const [result] = await deployNixos([host!], { source, action: "test", rollback, summary: false }).finally(() =>
    host!.closeConnection(),
  );
  expect(result!.result.outcome).toBe(rollback ? "confirmed" : "activated");
  return logins() - before;
}

describe("the logins of a deployment", () => {
  it("unarmed: the shared connection, rsync's own and the lock keeper's", async () => {
    expect(await deployed("unarmed", false)).toBe(3);
  }, 120_000);

  it("armed: those three, the confirmation's new connection and the shared one again after it", async () => {
    expect(await deployed("armed", true)).toBe(5);
  }, 120_000);
});
