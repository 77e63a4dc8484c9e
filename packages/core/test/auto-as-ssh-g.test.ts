import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { chooseTransport } from "../src/ssh/native/route.ts";
import { resolveAsSsh, sshKnows } from "../src/ssh/resolve/ignore-unknown.ts";
import { resolveSsh } from "../src/ssh/resolve/resolve.ts";

// Configurations that sent hosts to openssh needlessly, or that must still go there: auto takes a host natively only
// where this machine's `ssh -G` takes its configuration, and then reads the port it prints.
const dir = mkdtempSync(join(tmpdir(), "dk-auto-ssh-g-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;

function argvOf(text: string, extra: readonly string[]): string[] {
  const file = join(dir, `config-${count++}`);
  writeFileSync(file, text);
  return ["-F", file, ...extra, "-o", "UserKnownHostsFile=/dev/null"];
}

// ssh's verdict: the port it would connect to, or undefined where it refuses the configuration.
function sshPort(argv: readonly string[]): number | undefined {
  const ssh = spawnSync("ssh", ["-G", ...argv, "--", "web1"], { encoding: "utf8", timeout: 10_000 });
  return ssh.status === 0 ? Number(/^port (\d+)$/m.exec(ssh.stdout)![1]) : undefined;
}

async function transport(argv: readonly string[]): Promise<string> {
  const choice = await chooseTransport("auto", "web1", argv, false);
  return choice.transport === "native" ? "native" : choice.reason;
}

const CASES: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ["a port with a sign", "Host *\n  Port +2201\n", []],
  ["a quoted port with blanks before it", 'Host *\n  Port " 2202"\n', []],
  ["-p with a sign", "", ["-p", "+2203"]],
  ["IgnoreUnknown naming an unknown keyword", "IgnoreUnknown Foo\nHost *\n  Foo bar\n  Port 2204\n", []],
  ["IgnoreUnknown in another case", "IgnoreUnknown FOO,x-*\nHost *\n  foo bar\n  X-Team ops\n", []],
  ["IgnoreUnknown on the command line", "", ["-o", "IgnoreUnknown=Foo", "-o", "Foo=bar"]],
  ["IgnoreUnknown naming keywords ssh knows (which it applies)", "IgnoreUnknown *\nHost *\n  Port 2205\n  Foo x\n", []],
  // Once common (UseRoaming no, after CVE-2016-0777), now ignored by ssh without a word.
  ["options ssh no longer reads", "Host *\n  UseRoaming no\n  Protocol 2\n  Cipher blowfish\n  FallBackToRsh no\n", []],
  ["Protocol listing SSH-1 too", "Host *\n  Protocol 1,2\n  UseRsh no\n", []],
  ["Apple's keyword under IgnoreUnknown", "IgnoreUnknown UseKeychain,AddKeysToAgent\n  UseKeychain yes\n", []],
];
const REFUSED: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ["port -0", "Host *\n  Port -0\n", []],
  ["-p with a blank after the port", "", ["-p", "22 "]],
  ["an unknown keyword before IgnoreUnknown", "Host *\n  Foo bar\nIgnoreUnknown Foo\n", []],
  ["IgnoreUnknown in a block that does not apply", "Host other\n  IgnoreUnknown Foo\nHost *\n  Foo bar\n", []],
  ["IgnoreUnknown's pattern negated", "IgnoreUnknown !Foo,*\nHost *\n  Foo bar\n", []],
];

describe("transport auto, against ssh -G", () => {
  it.each(CASES)("is native for %s, with ssh's port", async (_name, text, extra) => {
    const argv = argvOf(text, extra);
    const port = sshPort(argv);
    expect(port).toBeDefined();
    expect(await transport(argv)).toBe("native");
    expect((await resolveAsSsh("web1", argv)).port).toBe(port);
  });

  it.each(REFUSED)("is openssh for %s, which ssh refuses", async (_name, text, extra) => {
    const argv = argvOf(text, extra);
    expect(sshPort(argv)).toBeUndefined();
    expect(await transport(argv)).not.toBe("native");
  });

  it("is openssh for a keyword ssh knows and applies under IgnoreUnknown, which native does not do", async () => {
    const argv = argvOf("IgnoreUnknown VisualHostKey\nHost *\n  VisualHostKey yes\n", []);
    expect(sshPort(argv)).toBeDefined();
    expect(await transport(argv)).toBe("visualhostkey yes");
  });

  it("asks ssh which keywords it knows: an unknown one it skips is not read, a known one is", async () => {
    expect(await sshKnows("port")).toBe(true);
    expect(await sshKnows("nosuchkeyword")).toBe(false);
    // As where this ssh would not know RequiredRSASize (before 9.1): its line is skipped, not enforced.
    const argv = argvOf("IgnoreUnknown RequiredRSASize\nHost *\n  RequiredRSASize 4096\n", []);
    expect(resolveSsh("web1", argv).ignorable).toEqual(["requiredrsasize"]);
    expect(resolveSsh("web1", argv, new Set(["requiredrsasize"])).options.has("requiredrsasize")).toBe(false);
    expect(resolveSsh("web1", argv).options.get("requiredrsasize")).toEqual(["4096"]);
  });
});
