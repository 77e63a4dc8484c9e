// Removing a throwaway user also removes what its killed guardians left in /tmp (their sessions end by SIGKILL), and
// only that: another user's directory, or a link in the user's name, stays.
import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { createSudoUser } from "../src/index.ts";

const made: string[] = [];
afterAll(() => made.forEach((path) => rmSync(path, { recursive: true, force: true })));

// Run as root (CI): the test makes a user.
it.runIf(process.getuid?.() === 0)("removes the user's dk-guard directories in /tmp and nothing else", async () => {
  const home = mkdtempSync(join(tmpdir(), "dk-remove-user-"));
  made.push(home);
  const user = createSudoUser(`dk-rm-${process.pid}`, "unused-password", home);
  const uid = Number(execFileSync("id", ["-u", user.name], { encoding: "utf8" }));
  const name = (what: string) => `/tmp/dk-guard.${what}${process.pid}`;
  const own = name("own");
  const others = name("root");
  const link = name("link");
  made.push(own, others, link);
  for (const dir of [own, others]) {
    mkdirSync(dir);
    writeFileSync(join(dir, "owner"), "1\n");
  }
  chownSync(own, uid, uid);
  chownSync(join(own, "owner"), uid, uid);
  symlinkSync(others, link);
  execFileSync("chown", ["-h", String(uid), link]);

  await user.remove();

  expect(existsSync(own)).toBe(false);
  expect(existsSync(join(others, "owner"))).toBe(true);
  expect(existsSync(link)).toBe(true);
});
