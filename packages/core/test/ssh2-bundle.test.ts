import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// The one-file copy of ssh2 that the build puts next to core's bundle (dist/ssh2.cjs), built as the build builds it.
const core = join(import.meta.dirname, "..");

describe("ssh2's one-file copy", () => {
  it("builds with the build's own command, loads without ssh2's native addons and parses a key", () => {
    const build = JSON.parse(readFileSync(join(core, "package.json"), "utf8")).scripts.build as string;
    const step = build.split(" && ").find((s) => s.includes("build-ssh2.mjs"));
    expect(step).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), "dk-ssh2-"));
    const out = join(dir, "ssh2.cjs");
    execFileSync("sh", ["-c", `exec ${step} "$0"`, out], {
      cwd: core,
      env: { ...process.env, PATH: `${join(core, "node_modules", ".bin")}:${process.env.PATH}` },
    });
    const ssh2 = createRequire(import.meta.url)(out) as { Client: unknown; parseKey: (data: Buffer) => unknown };
    expect(typeof ssh2.Client).toBe("function");
    // ssh2's Poly1305 WebAssembly module (16 MB reserved at load) is not in it: dk's own stands in.
    const text = readFileSync(out, "utf8");
    expect(text).not.toContain("WebAssembly");
    expect(text).toContain("dk's Poly1305 stand-in");
    // Its optional addons are built in as modules that throw: it asks Node for nothing but Node's own modules, so no
    // run searches the node_modules directories above it.
    const asked = [...text.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!.replace(/^node:/, ""));
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.filter((name) => !builtinModules.includes(name))).toEqual([]);
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(dir, "key")]);
    const key = ssh2.parseKey(readFileSync(join(dir, "key")));
    expect(key).not.toBeInstanceOf(Error);
    expect((key as { type: string }).type).toBe("ssh-ed25519");
  });
});
