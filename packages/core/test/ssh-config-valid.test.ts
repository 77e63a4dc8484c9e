import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { splitLine } from "../src/ssh/resolve/lines.ts";
import { surelyValid } from "../src/ssh/resolve/valid.ts";

const dir = mkdtempSync(join(tmpdir(), "dk-valid-"));
const VALUES = [
  "yes",
  "no",
  "true",
  "false",
  "YES",
  "True",
  "ask",
  "auto",
  "none",
  "NONE",
  "off",
  "0",
  "1",
  "10",
  "inet",
  "INET6",
  "any",
];
const MORE = [
  "1m",
  "1M30s",
  "90x",
  "-1",
  "70000",
  "0x16",
  "022",
  "x y",
  '"a b"',
  '"open',
  "$HOME/a",
  "${HOME}/a",
  "a=b",
];
const WORDS = `Port ConnectTimeout ServerAliveInterval ServerAliveCountMax ConnectionAttempts Compression BatchMode
  IdentitiesOnly StrictHostKeyChecking RequestTTY LogLevel ControlMaster ControlPersist AddKeysToAgent UpdateHostKeys
  ForwardAgent IdentityAgent IdentityFile UserKnownHostsFile HostName User ProxyJump SetEnv SendEnv ForwardX11 Ciphers
  AddressFamily XAuthLocation`;
const KEYWORDS = WORDS.split(/\s+/);
const OTHERS = [
  "Match all",
  "Match host web*",
  "Match !user root originalhost x",
  "Match host",
  "Match all host x",
  "Match final",
  "Match !final all",
  "Match canonical final",
  "Match host x all",
  "Match host x final all",
  "Match final all final",
  "Match !all",
  // ssh splits words at spaces and tabs (and line ends around a keyword): a form feed or vertical tab is in a word.
  "\fPort 22",
  "Port\v22",
  "User\fa",
];

describe("the lines ssh surely takes", () => {
  it("are never lines ssh refuses: each one taken here is taken by ssh -G, in a block that applies or not", () => {
    let taken = 0;
    const refused: string[] = [];
    const lines = [
      ...KEYWORDS.flatMap((keyword) => [...VALUES, ...MORE].map((value) => `${keyword} ${value}`)),
      ...OTHERS,
    ];
    for (const text of lines) {
      if (!surelyValid(splitLine(text, "test")!)) continue;
      taken++;
      const file = join(dir, `config-${taken}`);
      writeFileSync(file, `Host elsewhere\n  ${text}\nHost *\n  ${text}\n`);
      const ssh = spawnSync("ssh", ["-G", "-F", file, "web1"], { encoding: "utf8", timeout: 10_000 });
      if (ssh.status !== 0) refused.push(`${text}: ${ssh.stderr.split("\n")[0]}`);
    }
    expect(refused).toEqual([]);
    // What distributions write is taken: no need to ask ssh about it.
    for (const text of ["Match final all", "Match final", "Match canonical final"]) {
      expect(surelyValid(splitLine(text, "test")!)).toBe(true);
    }
    // The table takes the common lines: a narrower one would only ask ssh more often.
    expect(taken).toBeGreaterThan(100);
  });
});
