import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { whyOpenssh } from "../src/ssh/native/plan.ts";
import { resolveSsh } from "../src/ssh/resolve/resolve.ts";

// Configurations the resolver knowingly does not read as every ssh does: the host goes to openssh, naming the line.
const dir = mkdtempSync(join(tmpdir(), "dk-to-openssh-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CASES: readonly (readonly [name: string, config: string, reason: string | undefined])[] = [
  // ssh keeps a command as the rest of the line: `none # …` and `"none"` are commands, not none.
  ["ProxyCommand none with a comment", "Host *\n  ProxyCommand none # direct\n", "proxycommand none # direct"],
  ["ProxyCommand none quoted", 'Host *\n  ProxyCommand "none"\n', 'proxycommand "none"'],
  ["ProxyCommand none", "Host *\n  ProxyCommand NONE\n", undefined],
  // ssh before 10.3 ignores a ProxyCommand after `ProxyJump none`, later ones (and Debian's backport) take it.
  ["ProxyCommand after ProxyJump none", "Host *\n  ProxyJump none\n  ProxyCommand nc %h %p\n", "ProxyCommand nc %h %p"],
  ["ProxyCommand none after ProxyJump none", "Host *\n  ProxyJump none\n  ProxyCommand none\n", undefined],
  ["ProxyCommand after a ProxyJump", "Host *\n  ProxyJump j\n  ProxyCommand nc %h %p\n", undefined],
  // ssh's resolver writes these addresses its own way (127.0.0.1, fe80::1%lo, ::ffff:1.2.3.4).
  ["an address in inet_aton's short form", "Host *\n  HostName 127.1\n", "hostname 127.1"],
  ["a link-local address with a numbered scope", "Host *\n  HostName fe80::1%%1\n", "hostname fe80::1%%1"],
  ["an IPv4-mapped address", "Host *\n  HostName ::FFFF:1.2.3.4\n", "hostname ::FFFF:1.2.3.4"],
];

describe("configurations left to openssh", () => {
  it.each(CASES)("%s", (_name, text, reason) => {
    const file = join(dir, `config-${CASES.findIndex((c) => c[1] === text)}`);
    writeFileSync(file, text);
    expect(whyOpenssh(resolveSsh("web1", ["-F", file]))).toBe(reason);
  });
});
