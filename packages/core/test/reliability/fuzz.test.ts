// Random input against the boundaries: no crash, nothing unquoted, nothing that ssh could read as an option.
import { spawn, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parseHosts } from "../../src/parse-hosts.ts";
import { quote } from "../../src/run/quote.ts";
import { remoteCommand } from "../../src/ssh/remote-command.ts";
import { sshArgv, sshOptionArgs } from "../../src/ssh/argv.ts";

// A seeded generator: the same cases every run, so a failure can be replayed.
function random(seed: number) {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff), s);
  // From the high bits: the low bits of this generator repeat within a few calls (the last one alternates).
  const int = (n: number) => Math.floor((next() / 0x80000000) * n);
  return { int, pick: <T>(items: readonly T[]) => items[int(items.length)]! };
}

const SPEC_PARTS = [
  "a",
  "web1",
  "-o",
  "-oProxyCommand=x",
  "@",
  ":",
  "[",
  "]",
  "::1",
  ",",
  " ",
  "\t",
  ";",
  "$(id)",
  "`",
  "'",
  '"',
  "22",
  "99999",
  "0",
  "root",
  "jdoe@corp.example.com",
  "@ad",
  "svc$",
  ".",
  "-",
  "_",
  "é",
  "\n",
  "|",
  "&",
  "*",
  "example.com",
];
const VALUE_CHARS = [
  ..."aZ09 \t\n'\"`$\\!*?[]{}()<>|&;#~=%^,.:-_/",
  "\r",
  "\x01",
  "\x7f",
  "é",
  "✓",
  "😀",
  "\u200b",
  "$(id)",
  "${HOME}",
];

// What ssh takes as a user: a directory account carries its domain (`jdoe@corp.example.com`), a machine account ends
// in `$`.
const USER = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*(@[A-Za-z0-9_.-]+)*\$?$/;
const USER_PARTS = ["jdoe", "j.doe", "svc-web", "CORP", "a_b", "corp.example.com", "1"];
const BAD_USER_PARTS = ["@", "$", "-", ".", "é", " ", ":", "%", "", "[", "/"];
const NAMES = ["web1", "db.example.com", "10.0.0.1", "[::1]", "[fe80::1%eth0]", "-oProxyCommand=x", "", "a b", "[::1"];

function randomString(r: ReturnType<typeof random>, parts: readonly string[], max: number): string {
  return Array.from({ length: r.int(max) + 1 }, () => r.pick(parts)).join("");
}

describe("fuzz", () => {
  it("parseHosts: 3000 random specs fail with a TypeError naming the problem or give hosts ssh cannot misread", () => {
    const r = random(7);
    let accepted = 0;
    for (let i = 0; i < 3000; i++) {
      const spec = randomString(r, SPEC_PARTS, 12);
      let hosts;
      try {
        hosts = parseHosts(spec).hosts;
      } catch (error) {
        expect(error, spec).toBeInstanceOf(TypeError);
        expect((error as Error).message, spec).toMatch(/^Invalid host entry `|^Expected /);
        continue;
      }
      for (const host of hosts) {
        accepted++;
        expect(host.hostname, spec).toMatch(/^[A-Za-z0-9_:.%]([A-Za-z0-9_:.%-]*)$/);
        const argv = sshArgv(host, "true", sshOptionArgs(host));
        const dashDash = argv.indexOf("--");
        expect(argv[dashDash + 1], spec).toBe(host.hostname);
        expect(
          argv.slice(0, dashDash).filter((a) => a.startsWith("-") && !["-p", "-l", "-o"].includes(a)),
          spec,
        ).toEqual([]);
        if (host.user !== undefined) expect(host.user, spec).toMatch(USER);
      }
    }
    expect(accepted).toBeGreaterThan(50);
  });

  it("parseHosts: 3000 random entries with directory-account users end the user at the last `@`, as ssh does", () => {
    const r = random(17);
    const withDomain = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      // A local part, up to three `@domain`s, and sometimes a `$`, each part now and then one ssh cannot take.
      const part = () => randomString(r, r.int(4) === 0 ? BAD_USER_PARTS : USER_PARTS, 2);
      const domains = Array.from({ length: r.int(4) }, () => `@${part()}`).join("");
      const user = `${part()}${domains}${r.int(5) === 0 ? "$" : ""}`;
      const name = r.pick(NAMES);
      const port = r.pick(["", ":22", ":2222", ":0", ":x"]);
      const entry = `${user}@${name}${port}`;
      let hosts;
      try {
        hosts = parseHosts(entry).hosts;
      } catch (error) {
        expect(error, entry).toBeInstanceOf(TypeError);
        expect((error as Error).message, entry).toMatch(/^Invalid host entry `/);
        continue;
      }
      expect(hosts, entry).toHaveLength(1);
      const host = hosts[0]!;
      expect([host.user, `${host}`], entry).toEqual([user, entry]);
      expect(host.user, entry).toMatch(USER);
      const argv = sshArgv(host, "true", sshOptionArgs(host));
      const dashDash = argv.indexOf("--");
      expect(argv.slice(dashDash + 1, dashDash + 2), entry).toEqual([host.hostname]);
      expect(argv[argv.indexOf("-l") + 1], entry).toBe(user);
      if (user.includes("@")) withDomain.add(user);
    }
    expect(withDomain.size).toBeGreaterThan(50);
  });

  it("quote: 1000 random values come back byte for byte through bash", () => {
    const r = random(11);
    const values = Array.from({ length: 1000 }, () => randomString(r, VALUE_CHARS, 30));
    const out = spawnSync("bash", ["-c", `printf '%s\\0' ${values.map(quote).join(" ")}`], { encoding: "utf8" });
    expect(out.stdout.split("\0").slice(0, -1)).toEqual(values);
  });

  it("remoteCommand: 300 random env values and arguments arrive byte for byte through a login shell", async () => {
    const r = random(13);
    const env = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`V${i}`, randomString(r, VALUE_CHARS, 20)]));
    const args = Array.from({ length: 300 }, () => randomString(r, VALUE_CHARS, 20));
    const script = remoteCommand(
      [
        "bash",
        "-c",
        'for i in $(seq 0 299); do v="V$i"; printf "%s\\0" "${!v}"; done; printf "%s\\0" "$@"',
        "x",
        ...args,
      ],
      { env, cwd: "/" },
    );
    // A login shell with its stdin held open (a pipe we never write to): sshd's situation.
    const child = spawn("sh", ["-c", script], { stdio: ["pipe", "pipe", "pipe"], timeout: 20_000 });
    const out = { stdout: "", stderr: "" };
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out.stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (out.stderr += d));
    await new Promise((resolve) => child.on("close", resolve));
    const values = out.stdout.split("\0").slice(0, -1);
    expect(values).toEqual([...Object.values(env), ...args]);
    expect(out.stderr).toBe("\x1fdk-exit::0\n");
  });
});
