// A sandbox starts and answers wherever the temp directory is, also under a path with a space, a quote or a %; a
// temp directory that is not there is named.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startSandbox } from "../src/index.ts";
import { sshArgv } from "./helpers/ssh-argv.ts";

describe("startSandbox under TMPDIR", () => {
  it("starts under a directory whose path has a space, a quote, a backslash and %u", async () => {
    const root = mkdtempSync(join(tmpdir(), "dk-odd-tmp-"));
    const odd = join(root, `my "temp" dir \\ %u`);
    mkdirSync(odd);
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = odd;
    try {
      const sandbox = await startSandbox({ hosts: 1 });
      try {
        expect(sandbox.dir.startsWith(odd)).toBe(true);
        // ssh expands % tokens in -i: the client reads a copy of the key from a plain path.
        const key = join(root, "client_key");
        copyFileSync(sandbox.key, key);
        const argv = [...sshArgv({ ...sandbox, key }), sandbox.addresses[0]!, "echo answered"];
        expect(execFileSync("ssh", argv, { encoding: "utf8", timeout: 30_000 })).toBe("answered\n");
      } finally {
        await sandbox.stop();
      }
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("names a TMPDIR that does not exist, and what to do", async () => {
    const missing = join(tmpdir(), "dk-no-such-dir", "tmp");
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = missing;
    try {
      await expect(startSandbox({ hosts: 1 })).rejects.toThrow(
        `the temp directory ${missing} does not exist: create it, or set TMPDIR to a directory that does ` +
          "(unset, it is /tmp)",
      );
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });
});
