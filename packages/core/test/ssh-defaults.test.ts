import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { Host } from "../src/host.ts";

const dir = mkdtempSync(join(tmpdir(), "dk-keepalive-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function configFile(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

// The keep-alive and timeout options in a host's ssh argv, in order.
async function keepAlive(sshOptions: string[]): Promise<string[]> {
  const args = await new Host("example.test", { sshOptions, reuseConnection: false }).sshArgs();
  return args.filter((a) => /^(ConnectTimeout|ServerAlive)/.test(a));
}

describe("keep-alive defaults", () => {
  it("are added when neither sshOptions nor the ssh config file sets them", async () => {
    expect(await keepAlive(["-F", configFile("empty", "")])).toEqual([
      "ConnectTimeout=10",
      "ServerAliveInterval=5",
      "ServerAliveCountMax=3",
    ]);
  });

  it("give way to the user's own values, from the -F file or from sshOptions", async () => {
    const own = configFile("own", "Host *\n  ServerAliveInterval 30\n  ConnectTimeout=3\n");
    expect(await keepAlive(["-F", own])).toEqual(["ServerAliveCountMax=3"]);
    const empty = configFile("empty2", "");
    expect(await keepAlive(["-F", empty, "-o", "ServerAliveCountMax=9"])).toEqual([
      "ServerAliveCountMax=9",
      "ConnectTimeout=10",
      "ServerAliveInterval=5",
    ]);
  });

  it("read each -F file on its own, so two hosts with different files get different options", async () => {
    const a = configFile("a", "Host *\n  ServerAliveInterval 30\n");
    const b = configFile("b", "Host *\n  ConnectTimeout 4\n");
    expect(await keepAlive(["-F", a])).toEqual(["ConnectTimeout=10", "ServerAliveCountMax=3"]);
    expect(await keepAlive(["-F", b])).toEqual(["ServerAliveInterval=5", "ServerAliveCountMax=3"]);
  });
});

describe("the host-key policy", () => {
  const strictness = async (options: ConstructorParameters<typeof Host>[1]) =>
    (await new Host("127.0.0.2", { reuseConnection: false, ...options }).sshArgs()).filter((a) =>
      a.startsWith("StrictHostKeyChecking"),
    );

  it('"strict" by default gives way to the StrictHostKeyChecking the ssh config sets for the host', async () => {
    const config = configFile("keys", "Host 127.0.0.2\n  StrictHostKeyChecking accept-new\n");
    expect(await strictness({ sshOptions: ["-F", config] })).toEqual([]);
    // A block for other hosts does not count.
    const other = configFile("other-keys", "Host 10.*\n  StrictHostKeyChecking no\n");
    expect(await strictness({ sshOptions: ["-F", other] })).toEqual(["StrictHostKeyChecking=yes"]);
    expect(await strictness({ sshOptions: ["-F", configFile("none", "")] })).toEqual(["StrictHostKeyChecking=yes"]);
  });

  it("reads the -F file as ssh does: joined to the flag too, and the last of two", async () => {
    const config = configFile("keys3", "Host 127.0.0.2\n  StrictHostKeyChecking accept-new\n");
    const other = configFile("other-keys3", "Host 10.*\n  StrictHostKeyChecking no\n");
    expect(await strictness({ sshOptions: [`-F${config}`] })).toEqual([]);
    expect(await strictness({ sshOptions: ["-F", other, "-F", config] })).toEqual([]);
    expect(await strictness({ sshOptions: ["-F", config, `-F${other}`] })).toEqual(["StrictHostKeyChecking=yes"]);
  });

  it("a hostKeyCheck given in code still wins over the ssh config", async () => {
    const config = configFile("keys2", "Host *\n  StrictHostKeyChecking no\n");
    expect(await strictness({ sshOptions: ["-F", config], hostKeyCheck: "strict" })).toEqual([
      "StrictHostKeyChecking=yes",
    ]);
    expect(await strictness({ sshOptions: ["-F", config], hostKeyCheck: "tofu" })).toEqual([
      "StrictHostKeyChecking=accept-new",
    ]);
  });
});

describe("session options", () => {
  // The options dk sets against a config for interactive use (config.ts sessionOptions), as a host's ssh argv has them.
  async function session(sshOptions: string[]): Promise<string[]> {
    const args = await new Host("example.test", { sshOptions, reuseConnection: false }).sshArgs();
    return args.filter((a) =>
      /^(RequestTTY|RemoteCommand|ForwardX11|PermitLocal|ClearAll|SessionType|StdinNull|ForkAfter)/.test(a),
    );
  }

  it("set no tty, config command or forwardings; the newer three where a config or its include sets them", async () => {
    const always = [
      "RequestTTY=no",
      "RemoteCommand=none",
      "ForwardX11=no",
      "PermitLocalCommand=no",
      "ClearAllForwardings=yes",
    ];
    expect(await session(["-F", configFile("plain", "Host *\n  User x\n")])).toEqual(always);
    const included = configFile("included", "Host example.test\n  SessionType none\n");
    const main = configFile("main", `Include ${included}\nHost other\n  StdinNull yes\n`);
    expect(await session(["-F", main])).toEqual([...always, "SessionType=default"]);
  });

  it("turn passwords off unless an askpass program could answer for ssh, which has no terminal under dk", async () => {
    const password = async () =>
      (await new Host("example.test", { reuseConnection: false }).sshArgs()).filter((a) => a.startsWith("Password"));
    vi.stubEnv("DISPLAY", "");
    vi.stubEnv("SSH_ASKPASS_REQUIRE", "");
    expect(await password()).toEqual(["PasswordAuthentication=no"]);
    vi.stubEnv("SSH_ASKPASS", "/usr/local/bin/my-askpass");
    vi.stubEnv("SSH_ASKPASS_REQUIRE", "force");
    expect(await password()).toEqual([]);
    vi.stubEnv("SSH_ASKPASS_REQUIRE", "never");
    vi.stubEnv("DISPLAY", ":0");
    expect(await password()).toEqual(["PasswordAuthentication=no"]);
    vi.unstubAllEnvs();
  });

  it("leave the forwardings that sshOptions ask for", async () => {
    const empty = configFile("empty3", "");
    for (const asked of [["-L", "8080:db:5432"], ["-D8081"], ["-o", "LocalForward=8082 db:5432"]]) {
      expect(await session(["-F", empty, ...asked])).toEqual([
        "RequestTTY=no",
        "RemoteCommand=none",
        "ForwardX11=no",
        "PermitLocalCommand=no",
      ]);
    }
  });
});
