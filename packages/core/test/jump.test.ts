import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sshRefusal } from "../src/ssh/native/config-check.ts";
import { chooseTransport } from "../src/ssh/native/route.ts";
import { jumpHost, jumpThroughShell, parsedJump, parseHostEntryLoose } from "../src/ssh/resolve/jump.ts";
import { resolveSsh } from "../src/ssh/resolve/resolve.ts";
import { TransportError } from "../src/ssh/transport-error.ts";

const dir = mkdtempSync(join(tmpdir(), "dk-jump-"));
let count = 0;

function config(text: string, where = dir): string {
  const file = join(where, `config-${count++}`);
  writeFileSync(file, text);
  return file;
}

// ProxyJump as `ssh -G` prints it.
function sshJump(argv: readonly string[]): string | undefined {
  const out = execFileSync("ssh", ["-G", ...argv, "--", "x"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return /^proxyjump (.*)$/m.exec(out)?.[1];
}

describe("ProxyJump values", () => {
  it("parse as user@host:port or an ssh:// URI, an IPv6 address in brackets", () => {
    expect(parseHostEntryLoose("ssh://u@h:2200")).toEqual({ user: "u", hostname: "h", port: 2200 });
    expect(parseHostEntryLoose("[::1]:22")).toEqual({ hostname: "::1", port: 22 });
    expect(parseHostEntryLoose("a@b@c")).toEqual({ user: "a@b", hostname: "c" });
  });

  it("take a URI's empty path, and no / elsewhere, as ssh does", () => {
    for (const refused of ["a/2200", "u@a/b", "[::1]/22", "a:22/", "ssh://a//", "ssh://a/x"]) {
      expect(parseHostEntryLoose(refused)).toBeUndefined();
      expect(() => sshJump(["-F", "/dev/null", "-J", refused])).toThrow(/Invalid -J argument/);
    }
    for (const taken of ["ssh://a/", "ssh://u@a:22/"]) {
      expect(parsedJump(taken)).toBe(sshJump(["-F", "/dev/null", "-J", taken]));
    }
  });

  it("%j is the last hop's host name alone", () => {
    expect(jumpHost(undefined)).toBe("");
    expect(jumpHost("a@j1:22,ju@[::1]:2200")).toBe("::1");
    expect(jumpHost("bastion")).toBe("bastion");
  });

  it("are kept as ssh keeps them: earlier hops as written, the last one parsed and written back", () => {
    expect(parsedJump("ssh://u@127.0.0.1,10.0.0.1:22")).toBe("ssh://u@127.0.0.1,[10.0.0.1]:22");
    expect(parsedJump("ssh://ju@bast:2222")).toBe("ju@bast:2222");
    expect(parsedJump("u@[::1]")).toBe("u@[::1]");
  });

  it.each(["a b", "a,b c", "u@a:2 b,c", '"a b"', "a\tb"])("are the line's first word, as ssh reads %j", (value) => {
    const argv = ["-F", config(`Host x\n  ProxyJump ${value}\n`)];
    expect(resolveSsh("x", argv).proxyJump).toBe(sshJump(argv));
  });

  it("through a shell: a hop with a character the shell or ssh's % expansion reads, or an -F path with one", () => {
    for (const plain of ["a", "ops@bastion:2222,jump2", "ssh://ju@[::1]:2200", "a-b.example.com,u_1@10.0.0.1"])
      expect(jumpThroughShell(plain, "/home/me/.ssh/config")).toBeUndefined();
    for (const shell of ["a;b", "a|b", "u;x@a", "a$b", "a`b`", "a,b&c", "a%h", "-oProxyCommand=x", "u@-x", "a*"])
      expect(jumpThroughShell(shell, undefined)).toMatch(/^ProxyJump .* \(a shell metacharacter/);
    expect(jumpThroughShell("a", "/my dir/config")).toMatch(/^-F \/my dir\/config with a ProxyJump/);
  });
});

describe("a ProxyJump that ssh runs through a shell", () => {
  async function choice(setting: "auto" | "native", argv: readonly string[]): Promise<unknown> {
    return chooseTransport(setting, "web1", [...argv, "-o", "UserKnownHostsFile=/dev/null"], false).catch(
      (error: unknown) => error,
    );
  }

  it("given on the command line goes to ssh, which refuses it; native asked for says ssh's words", async () => {
    for (const argv of [
      ["-F", "/dev/null", "-J", "a;b"],
      ["-F", "/dev/null", "-o", "ProxyJump=ok,u;x@a"],
    ]) {
      expect(await choice("auto", argv)).toMatchObject({ transport: "openssh" });
      const error = await choice("native", argv);
      expect(error).toBeInstanceOf(TransportError);
      expect((error as TransportError).refused).toBe(true);
      expect((error as TransportError).reason).toMatch(/^ssh refuses the configuration: parse_jump: invalid/);
    }
  });

  it("is asked of ssh for each -J, which the configuration's check does not take for one host's", async () => {
    expect(await sshRefusal("web1", ["-F", "/dev/null", "-J", "fine"])).toBeUndefined();
    expect(await sshRefusal("web1", ["-F", "/dev/null", "-J", "a|b"])).toMatch(/invalid hostname "a\|b"/);
  });

  it("given twice goes to ssh, which refuses it; native asked for says ssh's words", async () => {
    const argv = ["-F", "/dev/null", "-J", "a", "-J", "b"];
    expect(await choice("auto", argv)).toMatchObject({ transport: "openssh", reason: "-J twice" });
    expect(await choice("native", argv)).toMatchObject({ refused: true, reason: /Only a single -J option/ });
  });

  it("after a ProxyJump or ProxyCommand -o (none too) is refused by ssh; after it, they are nothing", async () => {
    for (const [option, said] of [
      ["ProxyJump=x", /Only a single -J option/],
      ["ProxyJump=none", /Only a single -J option/],
      ["proxycommand nc %h %p", /Cannot specify -J with ProxyCommand/],
      ["ProxyCommand=none", /Cannot specify -J with ProxyCommand/],
    ] as const) {
      const argv = ["-F", "/dev/null", "-o", option, "-J", "y"];
      expect(await choice("auto", argv)).toMatchObject({ transport: "openssh", reason: `-J after -o ${option}` });
      expect(await choice("native", argv)).toMatchObject({ refused: true, reason: said });
    }
    const after = ["-F", "/dev/null", "-J", "y", "-o", "ProxyCommand=none", "-o", "ProxyJump=x"];
    expect(resolveSsh("web1", after).proxyJump).toBe("y");
    expect(spawnSync("ssh", ["-G", ...after, "web1"], { encoding: "utf8" }).stdout).toMatch(/^proxyjump y$/m);
  });

  it("with a / in host:port goes to ssh, which refuses it; native asked for says ssh's words", async () => {
    const argv = ["-F", "/dev/null", "-J", "bastion/2200"];
    expect(await choice("auto", argv)).toMatchObject({ transport: "openssh", reason: "ProxyJump bastion/2200" });
    expect(await choice("native", argv)).toMatchObject({ refused: true, reason: /Invalid -J argument/ });
  });

  it("from a file goes to ssh, which runs it through the shell; native asked for says why it cannot", async () => {
    const argv = ["-F", config("Host *\n  ProxyJump a;b\n")];
    expect(await choice("auto", argv)).toMatchObject({ transport: "openssh", reason: /ProxyJump a;b \(a shell/ });
    const error = await choice("native", argv);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).refused).toBe(false);
  });

  it("under an -F path with a blank goes to ssh; one without stays native", async () => {
    const spaced = join(dir, "my dir");
    mkdirSync(spaced, { recursive: true });
    const text = "Host web1\n  ProxyJump j\n";
    expect(await choice("auto", ["-F", config(text, spaced)])).toMatchObject({ reason: /^-F .*my dir/ });
    expect(await choice("auto", ["-F", config(text)])).toMatchObject({ transport: "native" });
  });
});
