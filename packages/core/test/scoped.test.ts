import { mkdtempSync, mkdirSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { run } from "../src/run.ts";
import { layer, prefixed } from "../src/scoped.ts";

const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;

describe("layer: nested defaults, and a call within them", () => {
  it.each<[{ cwd?: string }, { cwd?: string }, string]>([
    [{ cwd: "/srv" }, { cwd: "app" }, "/srv/app"],
    [{ cwd: "/srv" }, { cwd: "../etc" }, "/etc"],
    [{ cwd: "/srv" }, { cwd: "/opt" }, "/opt"],
    [{ cwd: "rel" }, { cwd: "sub" }, "rel/sub"],
    [{}, { cwd: "app" }, "app"],
    [{ cwd: "/srv" }, {}, "/srv"],
    // A home directory replaces the outer one on a host, as `cd ~` does; `~/..` stays above the home.
    [{ cwd: "/srv" }, { cwd: "~" }, "~"],
    [{ cwd: "/srv" }, { cwd: "~/app" }, "~/app"],
    [{ cwd: "~/app" }, { cwd: "log" }, "~/app/log"],
    [{ cwd: "~/app" }, { cwd: "../etc" }, "~/etc"],
    [{ cwd: "~" }, { cwd: ".." }, "~/.."],
    [{ cwd: "~/app" }, { cwd: "../.." }, "~/app/../.."],
    [{ cwd: "/srv" }, { cwd: "~user" }, "/srv/~user"],
  ])("cwd %j then %j is %s", (outer, inner, cwd) => {
    expect(layer(outer, inner, "remote").cwd).toBe(cwd);
  });

  it("merges env, chains prefixes (with or without a trailing &&), and lets anything else given win", () => {
    const outer = { env: { A: "1", B: "1" }, prefix: "source venv/bin/activate &&", timeout: 5, check: false };
    const merged = layer(outer, { env: { B: "2" }, prefix: "cd sub", timeout: 9, echo: false }, "remote");
    expect(merged).toEqual({
      env: { A: "1", B: "2" },
      prefix: "source venv/bin/activate && cd sub",
      timeout: 9,
      check: false,
      echo: false,
    });
    expect(outer.env).toEqual({ A: "1", B: "1" });
  });

  it("takes an option given as undefined as not given", () => {
    expect(layer({ cwd: "/srv", timeout: 5 }, { cwd: undefined, timeout: undefined }, "remote")).toEqual({
      cwd: "/srv",
      timeout: 5,
    });
  });

  it("prefixes a string in braces and an argv quoted once per element; nothing without a prefix", () => {
    expect(prefixed("a; b", "p &&")).toEqual({ run: "p && { a; b\n}", display: "p && a; b" });
    expect(prefixed(["printf", "%s", "it's"], "p")).toEqual({
      run: "p && printf %s 'it'\\''s'",
      display: "p && printf %s 'it'\\''s'",
    });
    expect(prefixed(["ls"], undefined)).toEqual({ run: ["ls"], display: undefined });
  });
});

describe("run.with: local runs with defaults", () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "dk-with-")));
  mkdirSync(join(dir, "a", "b"), { recursive: true });

  it("composes cwd, env and prefixes; a call's own options win; the original run is unchanged", async () => {
    const outer = run.with({ cwd: dir, env: { X: "outer", Y: "y" }, prefix: "P=1", ...pipe });
    const inner = outer.with({ cwd: "a", env: { X: "inner" }, prefix: 'export Q="$P"2 &&' });
    const line = 'echo "$(pwd) $X $Y $Q"';
    expect((await inner(line)).stdout).toBe(`${join(dir, "a")} inner y 12\n`);
    expect((await inner(line, { cwd: "b", env: { Y: "call" } })).stdout).toBe(`${join(dir, "a", "b")} inner call 12\n`);
    expect((await outer('echo "$(pwd) $X ${Q-unset}"')).stdout).toBe(`${dir} outer unset\n`);
    expect(run.defaults).toEqual({});
    expect((await run("pwd", pipe)).stdout).toBe(`${process.cwd()}\n`);
  });

  it("keeps its defaults, env secrets too, out of what console.log and JSON show of it, as a host does", () => {
    const scoped = run.with({ env: { API_TOKEN: "s3cr3t" } });
    expect(inspect(scoped, { depth: 5 })).not.toContain("s3cr3t");
    expect(JSON.stringify({ scoped: Object.assign({}, scoped) })).not.toContain("s3cr3t");
    expect(scoped.defaults.env).toEqual({ API_TOKEN: "s3cr3t" });
  });

  it("runs an argv after the prefix with each element intact, and shows the prefix in the command", async () => {
    const r = await run.with({ prefix: "set -e; true", ...pipe })(["printf", "[%s]", "a b", "it's", "$HOME"]);
    expect(r.stdout).toBe("[a b][it's][$HOME]");
    expect(r.command).toBe("set -e; true && printf '[%s]' 'a b' 'it'\\''s' '$HOME'");
  });

  it("closes off a prefix's comment or second line, so neither swallows the command", async () => {
    const commented = run.with({ prefix: "A=1 # set A &&", ...pipe }).with({ prefix: "B=2\nC=3" });
    expect((await commented('echo "$A$B$C"')).stdout).toBe("123\n");
    const failing = await run.with({ prefix: "false # never", check: false, ...pipe })("echo ran");
    expect([failing.exitCode, failing.stdout]).toEqual([1, ""]);
  });

  it("takes a prefix ending in `;` or `&` as one ending in `&&`, never as a syntax error", async () => {
    for (const prefix of ["export A=1;", "export A=1 ; ", "export A=1 &&"]) {
      const r = await run("echo A=$A", { prefix, ...pipe });
      expect([prefix, r.stdout, r.command]).toEqual([prefix, "A=1\n", "export A=1 && echo A=$A"]);
    }
    // In the background, it succeeds at once, as it would before `&&`.
    expect((await run("echo ran", { prefix: "sleep 0 &", ...pipe })).stdout).toBe("ran\n");
    const failing = await run("echo ran", { prefix: "false;", check: false, ...pipe });
    expect([failing.exitCode, failing.stdout]).toEqual([1, ""]);
    await expect(run("true", { prefix: " ; " })).rejects.toThrow(/Expected `prefix` to be a non-empty command line/);
    // An escaped `;` is a word (find's -exec end), not a separator: it stays.
    const find = await run("echo ran", {
      prefix: `find ${JSON.stringify(dir)} -maxdepth 0 -exec true {} \\;`,
      ...pipe,
    });
    expect(find.stdout).toBe("ran\n");
  });

  it("does not run the command when the prefix fails, even one with its own `;`", async () => {
    const r = await run.with({ prefix: "false", check: false, ...pipe })("echo one; echo two");
    expect([r.exitCode, r.stdout]).toEqual([1, ""]);
  });

  it("reads a cwd starting with ~ as a shell does: the home ($HOME), as a transfer's local path is", async () => {
    const saved = process.env.HOME;
    process.env.HOME = dir;
    try {
      expect((await run("pwd", { cwd: "~", ...pipe })).stdout).toBe(`${dir}\n`);
      expect((await run.with({ cwd: "/" })("pwd", { cwd: "~/a", ...pipe })).stdout).toBe(`${join(dir, "a")}\n`);
      expect((await run.with({ cwd: "~/a" })("pwd", { cwd: "b", ...pipe })).stdout).toBe(`${join(dir, "a", "b")}\n`);
      await expect(run("pwd", { cwd: "~nobody-dk/x", ...pipe })).rejects.toThrow(
        "Expected `cwd` to be a path, got `~nobody-dk/x` (string): `~nobody-dk` is not expanded",
      );
    } finally {
      process.env.HOME = saved;
    }
  });

  it("applies timeout and check as defaults", async () => {
    const lenient = run.with({ check: false, ...pipe });
    expect((await lenient("exit 4")).exitCode).toBe(4);
    await expect(lenient("exit 4", { check: true })).rejects.toThrow(/exit code 4/);
    await expect(run.with({ timeout: 200, ...pipe })("sleep 5")).rejects.toThrow(/timed out/);
  });

  it("refuses what a default cannot be, naming it", () => {
    expect(() => run.with({ input: "x" } as never)).toThrow(/Unknown option `input` for run\.with\(\)/);
    expect(() => run.with({ becomeRoot: true } as never)).toThrow(/`becomeRoot` is an option of remote runs/);
    expect(() => run.with({ cwd: "" })).toThrow(TypeError);
  });
});
