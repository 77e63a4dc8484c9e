import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import {
  appendFileSync,
  chmodSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { verdict } from "../src/ssh/native/known-hosts.ts";
import { wireString } from "../src/ssh/wire.ts";

const dir = mkdtempSync(join(tmpdir(), "dk-known-hosts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A wire blob of type ssh-ed25519 whose 32 key bytes are all `fill`.
function blob(fill: number): Buffer {
  return Buffer.concat([wireString("ssh-ed25519"), wireString(Buffer.alloc(32, fill))]);
}

describe("known_hosts, read again when it changes", () => {
  it("sees a line appended within the same mtime (two appends in one tick of the file clock)", () => {
    const file = join(dir, "known_hosts");
    writeFileSync(file, `a ssh-ed25519 ${blob(1).toString("base64")}\n`);
    utimesSync(file, 1_000_000, 1_000_000);
    expect(verdict([file], "a", blob(1)).seen).toBe("known");
    expect(verdict([file], "b", blob(2)).seen).toBe("unknown");
    appendFileSync(file, `b ssh-ed25519 ${blob(2).toString("base64")}\n`);
    utimesSync(file, 1_000_000, 1_000_000);
    expect(statSync(file).mtimeMs).toBe(1_000_000_000);
    expect(verdict([file], "b", blob(2)).seen).toBe("known");
  });

  it("finds a hashed name again after the file changed, with what was appended for it", () => {
    const file = join(dir, "hashed");
    const salt = Buffer.alloc(20, 7);
    const hashed = `|1|${salt.toString("base64")}|${createHmac("sha1", salt).update("h").digest("base64")}`;
    writeFileSync(file, `${hashed} ssh-ed25519 ${blob(3).toString("base64")}\n`);
    expect(verdict([file], "h", blob(3)).seen).toBe("known");
    expect(verdict([file], "h", blob(4)).seen).toBe("changed");
    expect(verdict([file], "other", blob(3)).seen).toBe("unknown");
    appendFileSync(file, `${hashed} ssh-ed25519 ${blob(4).toString("base64")}\n`);
    expect(verdict([file], "h", blob(4)).seen).toBe("known");
  });
});

describe("known_hosts it cannot read", () => {
  it("a file the user may not read (EACCES) holds no entries, as in ssh's load_hostkeys_file", () => {
    const file = join(dir, "not-yours");
    writeFileSync(file, `h ssh-ed25519 ${blob(5).toString("base64")}\n`);
    chmodSync(file, 0o000);
    chmodSync(dir, 0o755);
    // Mode 000, asked in a process the mode shuts out: as `nobody` when the tests run as root (who reads any file).
    const source = new URL("../src/ssh/native/known-hosts.ts", import.meta.url).pathname;
    const script = join(dir, "verdict.ts");
    const ask = `verdict([${JSON.stringify(file)}], "h", Buffer.from("${blob(5).toString("base64")}", "base64"))`;
    writeFileSync(script, `import { verdict } from ${JSON.stringify(source)};\nconsole.log(JSON.stringify(${ask}));\n`);
    const node = [process.execPath, "--import", "tsx", script];
    const [command, ...args] = process.getuid?.() === 0 ? ["runuser", "-u", "nobody", "--", ...node] : node;
    // tsx keeps its cache under TMPDIR, which that user must be able to write.
    const tmp = join(dir, "tmp");
    mkdirSync(tmp, { mode: 0o1777 });
    chmodSync(tmp, 0o1777);
    const env = { ...process.env, TMPDIR: tmp };
    const said = execFileSync(command!, args, {
      encoding: "utf8",
      env,
      timeout: 30_000,
      stdio: ["ignore", "pipe", "pipe"],
    });
    expect(JSON.parse(said)).toEqual({ seen: "unknown" });
  });
});
