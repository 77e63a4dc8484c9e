// Unknown option names are refused by name, before anything runs, by every call that takes options.
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { Group } from "../src/group.ts";
import { Host } from "../src/host.ts";
import { run } from "../src/run.ts";

// Port 9 on loopback: nothing may ever be reached, so a call that got past validation fails differently.
const host = new Host("127.0.0.1", { port: 9, hostKeyCheck: "none" });
const group = new Group([host]);
const bogus = { becomeRot: true } as never;

describe("unknown option keys are a TypeError naming the key", () => {
  it.each([
    ["run()", () => run("true", bogus)],
    ["host.run()", () => host.run("true", bogus)],
    ["host.runLocal()", () => host.runLocal("true", bogus)],
    ["group.run()", () => group.run("true", bogus)],
    ["group.runLocal()", () => group.runLocal("true", bogus)],
  ])("%s", async (call, make) => {
    const error = await make().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain(`Unknown option \`becomeRot\` for ${call}`);
  });

  it("says which option was meant when a name is close", async () => {
    await expect(host.run("true", bogus)).rejects.toThrow("did you mean `becomeRoot`?");
    await expect(run("true", { timout: 5 } as never)).rejects.toThrow("did you mean `timeout`?");
  });

  it("names our option for the name dk's flags, the built-ins or other tools give it", async () => {
    await expect(group.run("true", { limit: 2 } as never)).rejects.toThrow(
      "Unknown option `limit` for group.run(); did you mean `concurrency`?",
    );
    await expect(host.run("true", { sudo: true } as never)).rejects.toThrow("; did you mean `becomeRoot`?");
    await expect(run("true", { warn: true } as never)).rejects.toThrow("; did you mean `check: false`?");
    await expect(run("true", { hide: true } as never)).rejects.toThrow("; did you mean `quiet`?");
    expect(() => new Host("a", { username: "root" } as never)).toThrow("; did you mean `user`?");
    expect(() => new Host("a", { identityFile: "/k" } as never)).toThrow("; did you mean `key`?");
    expect(() => new Host("a", { tags: ["web"] } as never)).toThrow("; did you mean `meta: { tags }`?");
    // execa's, zx's, Fabric's and Ansible's names, in their own spelling (snake_case too).
    await expect(run("true", { reject: false } as never)).rejects.toThrow("; did you mean `check: false`?");
    await expect(run("true", { nothrow: true } as never)).rejects.toThrow("; did you mean `check: false`?");
    await expect(run("true", { pty: true } as never)).rejects.toThrow('; did you mean `stdin: "inherit"`?');
    const signal = new AbortController().signal;
    await expect(run("true", { cancelSignal: signal } as never)).rejects.toThrow("; did you mean `signal`?");
    await expect(host.run("true", { become: true } as never)).rejects.toThrow("; did you mean `becomeRoot`?");
    await expect(host.run("true", { become_pass: "x" } as never)).rejects.toThrow("; did you mean `sudoPassword`?");
    await expect(group.run("true", { forks: 5 } as never)).rejects.toThrow("; did you mean `concurrency`?");
    expect(() => new Host("a", { remote_user: "x" } as never)).toThrow("; did you mean `user`?");
    expect(() => new Host("a", { private_key_file: "/k" } as never)).toThrow("; did you mean `key`?");
    const { parseHosts } = await import("../src/parse-hosts.ts");
    expect(() => parseHosts("a", { user: "root" } as never)).toThrow("; did you mean `defaultUser`?");
    expect(() => parseHosts("a", { domain: ".example.com" } as never)).toThrow("; did you mean `domainSuffix`?");
    expect(() => parseHosts("a", { suffix: ".example.com" } as never)).toThrow("; did you mean `domainSuffix`?");
    // Only where the call takes the option meant: a host's own run has no concurrency.
    await expect(host.run("true", { concurrency: 2 } as never)).rejects.toThrow(
      "Unknown option `concurrency` for host.run(): `concurrency` is an option of group calls (group.run, …)",
    );
    await expect(host.run("true", { limit: 2 } as never)).rejects.toThrow(
      /^Unknown option `limit` for host.run\(\) \(/,
    );
  });

  it("says what to write for options given as execa takes arguments, or as a path", async () => {
    await expect(run("ls", ["-la", "/tmp"] as never)).rejects.toThrow(
      'Expected `run() options` to be an object, got `["-la","/tmp"]` (array): a command\'s arguments go in the ' +
        'command, one array with the program first ([program, "-la", "/tmp"])',
    );
    await expect(host.run("ls", "/srv" as never)).rejects.toThrow(
      'got `/srv` (string): options are named, e.g. { cwd: "/srv" }',
    );
    expect(() => host.with("/srv" as never)).toThrow('got `/srv` (string): options are named, e.g. { cwd: "/srv" }');
    await expect(run("ls", 5 as never)).rejects.toThrow(/got `5` \(number\)$/);
  });

  it("says where an option of a host or of a run belongs when given to the other", async () => {
    const { parseHosts } = await import("../src/parse-hosts.ts");
    await expect(host.run("true", { user: "root" } as never)).rejects.toThrow(
      "Unknown option `user` for host.run(): `user` is a host's option (new Host(name, { user }), or " +
        'parseHosts("user@host")); to run this command as root, `becomeRoot: true`',
    );
    await expect(group.run("true", { port: 2222 } as never)).rejects.toThrow(
      "Unknown option `port` for group.run(): `port` is a host's option (new Host(name, { port }), or " +
        'parseHosts("host:port"))',
    );
    expect(() => host.with({ sshOptions: [] } as never)).toThrow("`sshOptions` is a host's option (new Host(name, {");
    expect(() => new Host("a", { cwd: "/srv" } as never)).toThrow(
      "Unknown option `cwd` for new Host(): `cwd` is an option of runs (host.run(command, { cwd })); for every run " +
        "on the host, host.with({ cwd })",
    );
    expect(() => parseHosts("a", { env: {} } as never)).toThrow("for every run on the hosts, group.with({ env })");
    expect(() => parseHosts("a", { port: 2 } as never)).toThrow("`port` goes in each entry (`web1:2222`)");
    // Other tools' names for ours.
    await expect(run("true", { workdir: "/" } as never)).rejects.toThrow("; did you mean `cwd`?");
    await expect(run("true", { environment: {} } as never)).rejects.toThrow("; did you mean `env`?");
    await expect(host.run("true", { password: "x" } as never)).rejects.toThrow("; did you mean `sudoPassword`?");
    expect(() => new Host("a", { ssh_args: [] } as never)).toThrow("; did you mean `sshOptions`?");
    expect(() => new Host("a", { StrictHostKeyChecking: "no" } as never)).toThrow("; did you mean `hostKeyCheck`?");
  });

  it("names our option for another tool's name in transfers too, where the call takes it", async () => {
    await expect(group.upload("/nonexistent-dk-source", "/tmp/x", { limit: 2 } as never)).rejects.toThrow(
      "Unknown upload option `limit` for group.upload(); did you mean `concurrency`?",
    );
    await expect(group.download("/tmp/x", "/nonexistent-dk-dir/x", { parallel: 2 } as never)).rejects.toThrow(
      "Unknown download option `parallel` for group.download(); did you mean `concurrency`?",
    );
    await expect(host.upload("/nonexistent-dk-source", "/tmp/x", { sudo: true } as never)).rejects.toThrow(
      "Unknown upload option `sudo` for host.upload(); did you mean `becomeRoot`?",
    );
    // A host's own transfer has no concurrency to point to.
    await expect(host.upload("/nonexistent-dk-source", "/tmp/x", { limit: 2 } as never)).rejects.toThrow(
      /^Unknown upload option `limit` for host.upload\(\) \(/,
    );
  });

  it("refuses a bad concurrency of a group transfer before it looks at the files", async () => {
    for (const transfer of [
      () => group.upload("/nonexistent-dk-source", "/tmp/x", { concurrency: 0 }),
      () => group.download("/tmp/x", "/nonexistent-dk-dir/x", { concurrency: 1.5 }),
    ]) {
      await expect(transfer()).rejects.toThrow(/^Expected `concurrency` to be a positive integer or Infinity/);
    }
  });

  it("refuses becomeRoot on a local run, saying it belongs to remote runs", async () => {
    await expect(run("true", { becomeRoot: true, bogus: 1 } as never)).rejects.toThrow(
      "Unknown option `becomeRoot` for run(): `becomeRoot` is an option of remote runs (host.run, group.run)",
    );
    await expect(host.runLocal("true", { becomeRoot: true } as never)).rejects.toThrow(TypeError);
  });

  it("refuses unknown keys of runFunction and of every with()", async () => {
    await expect(group.runFunction(() => 1, { concurency: 2 } as never)).rejects.toThrow(
      "Unknown option `concurency` for group.runFunction(); did you mean `concurrency`?",
    );
    expect(() => host.with({ cdw: "/srv" } as never)).toThrow(
      "Unknown option `cdw` for host.with(); did you mean `cwd`?",
    );
    expect(() => group.with({ concurrency: 2 } as never)).toThrow("Unknown option `concurrency` for group.with()");
    expect(() => run.with({ timeout: 5, quiet: true } as never)).toThrow("Unknown option `quiet` for run.with()");
    // What a default cannot be says so, and where it goes instead.
    expect(() => host.with({ quiet: true } as never)).toThrow(
      "Unknown option `quiet` for host.with(): `quiet` is given per run, not as a default " +
        "(host.run(command, { quiet }))",
    );
    expect(() => group.with({ connectTimeout: 5 } as never)).toThrow(
      "`connectTimeout` is given per run, not as a default (group.run(command, { connectTimeout }))",
    );
    expect(() => run.with({ input: "x" } as never)).toThrow(
      "`input` is given per run, not as a default (run(command, {",
    );
    expect(() => run.with({ becomeRoot: true } as never)).toThrow("`becomeRoot` is an option of remote runs");
  });

  it("checks the values of input, stdin and prefix", async () => {
    await expect(run("cat", { input: 5 } as never)).rejects.toThrow("Expected `input` to be a string, a Buffer or a");
    await expect(run("cat", { stdin: "pipe" } as never)).rejects.toThrow('Expected `stdin` to be "inherit"');
    await expect(run("cat", { stdin: "inherit", input: "x" })).rejects.toThrow("a command has one standard input");
    await expect(run("cat", { prefix: " " })).rejects.toThrow("Expected `prefix` to be a non-empty command line");
    await expect(run("cat", { prefix: " && " })).rejects.toThrow("Expected `prefix` to be a non-empty command line");
    // `&&` cannot follow these: bash said only "line 1: `cd /tmp || && { cat'", the command never ran.
    for (const [prefix, end] of [
      ["cd /tmp ||", "||"],
      ["cd /tmp | ", "|"],
      ["export A=1 \\", "\\"],
    ])
      await expect(run("cat", { prefix })).rejects.toThrow(
        `got \`${prefix}\` (string): it ends in \`${end}\`, which the \`&&\` that joins it to the command cannot ` +
          "follow; end it with a command",
      );
    expect((await run("echo ran", { prefix: "cd /tmp;", stdout: "pipe", echo: false })).stdout).toBe("ran\n");
    const used = Readable.from(["x"]);
    for await (const chunk of used) expect(chunk).toBe("x");
    await expect(run("cat", { input: used })).rejects.toThrow(
      "Expected `input` to be a stream not read yet, got one that has ended: a stream is read once",
    );
  });

  it("refuses quiet with stdin: inherit, whose output reaches the terminal, unless both are captured", async () => {
    const calls = [
      () => run("echo x", { quiet: true, stdin: "inherit" }),
      () => run("echo x", { quiet: true, stdin: "inherit", stdout: "pipe" }),
      () => host.runLocal("echo x", { quiet: true, stdin: "inherit", stderr: "pipe" }),
      () => host.run("echo x", { quiet: true, stdin: "inherit" }),
    ];
    for (const call of calls)
      await expect(call()).rejects.toThrow(
        'Expected `quiet` without `stdin: "inherit"`, got both: an interactive command prints to the terminal',
      );
    const captured = await run("echo out; echo err >&2", {
      quiet: true,
      stdin: "inherit",
      stdout: "pipe",
      stderr: "pipe",
    });
    expect([captured.stdout, captured.stderr]).toEqual(["out\n", "err\n"]);
  });

  it("takes the streams `with()` captures as captured, for quiet with stdin: inherit", async () => {
    const piped = { stdout: "pipe", stderr: "pipe" } as const;
    const script = "echo out; echo err >&2";
    const local = await run.with(piped)(script, { quiet: true, stdin: "inherit" });
    expect([local.stdout, local.stderr]).toEqual(["out\n", "err\n"]);
    const split = await run.with({ stdout: "pipe" })(script, { quiet: true, stdin: "inherit", stderr: "pipe" });
    expect([split.stdout, split.stderr]).toEqual(["out\n", "err\n"]);
    const tagged = await host.with(piped).runLocal(script, { quiet: true, stdin: "inherit" });
    expect([tagged.stdout, tagged.stderr]).toEqual(["out\n", "err\n"]);
    const remote = await host.with(piped).run(script, { quiet: true, stdin: "inherit", dryRun: true });
    expect(remote.exitCode).toBe(0);
    // One stream still printed: refused, whichever of the two says so.
    await expect(host.with({ stdout: "pipe" }).run(script, { quiet: true, stdin: "inherit" })).rejects.toThrow(
      'Expected `quiet` without `stdin: "inherit"`, got both',
    );
  });

  it("refuses a timeout a Node timer cannot wait for, which would end the run at once", async () => {
    await expect(run("true", { timeout: 2 ** 31 })).rejects.toThrow(
      "Expected `timeout` to be a positive number of milliseconds, at most 2147483647",
    );
    await expect(run("true", { timeout: Infinity })).rejects.toThrow(TypeError);
    expect((await run("true", { timeout: 2 ** 31 - 1, echo: false })).exitCode).toBe(0);
  });

  it("says how to ask for no limit, where other tools take 0 or Infinity for it, and how to spell utf8", async () => {
    for (const timeout of [0, Infinity])
      await expect(run("true", { timeout })).rejects.toThrow(
        `got \`${timeout}\` (number): leave \`timeout\` out for no limit`,
      );
    await expect(run("true", { maxBuffer: Infinity })).rejects.toThrow(
      'got `Infinity` (number): give a number of bytes; output that need not be kept is printed (`stdout: "print"`)',
    );
    await expect(run("true", { encoding: "utf-8" as never })).rejects.toThrow('got `utf-8` (string): write "utf8"');
    await expect(run("true", { timeout: -5 })).rejects.toThrow(/got `-5` \(number\)$/);
  });
});

describe("option values of the wrong kind are a TypeError naming the option, before anything runs", () => {
  it.each([
    ["check", "false"],
    ["echo", "no"],
    ["dryRun", "false"],
    ["quiet", 1],
  ])("a local run's switch %s given %j", async (name, value) => {
    const error = await run("touch /dev/null/never", { [name]: value }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(new RegExp(`^Expected \`${name}\` to be a boolean, got`));
  });

  it.each([
    ["becomeRoot", "no"],
    ["verboseSsh", "no"],
    ["freshConnection", 0],
  ])("a remote run's switch %s given %j, also for a group", async (name, value) => {
    await expect(host.run("true", { [name]: value })).rejects.toThrow(`Expected \`${name}\` to be a boolean`);
    await expect(group.run("true", { [name]: value })).rejects.toThrow(`Expected \`${name}\` to be a boolean`);
  });

  it("a sudoPassword that is no one line, refused by a group call once, up front, not by each host", async () => {
    for (const sudoPassword of [5, "a\nb"]) {
      const error = await group.run("true", { becomeRoot: true, sudoPassword } as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/^Expected the `sudoPassword` option to be a string without newlines/);
    }
    await expect(host.run("true", { sudoPassword: 5 } as never)).rejects.toThrow(TypeError);
  });

  it("a cwd holding a NUL byte, given to a run or a with(), local or remote, named as cwd", async () => {
    const expected = 'Expected `cwd` to be a path without NUL bytes, got `"/tmp\\u0000x"` (string)';
    await expect(run("pwd", { cwd: "/tmp\0x" })).rejects.toThrow(expected);
    await expect(host.run("pwd", { cwd: "/tmp\0x" })).rejects.toThrow(expected);
    await expect(group.run("pwd", { cwd: "/tmp\0x" })).rejects.toThrow(expected);
    expect(() => run.with({ cwd: "/tmp\0x" })).toThrow(expected);
    expect(() => host.with({ cwd: "/tmp\0x" })).toThrow(expected);
  });

  it("a cwd in another user's home (~root), which no side expands, is refused, not said to be missing", async () => {
    const expected =
      "Expected `cwd` to be a path, got `~root/app` (string): `~root` is not expanded (`~` and `~/…` are, to the " +
      "home of whoever runs the command); give the path absolute, or `./~root/app` for a directory of that name";
    await expect(run("pwd", { cwd: "~root/app" })).rejects.toThrow(expected);
    await expect(host.run("pwd", { cwd: "~root/app" })).rejects.toThrow(expected);
    await expect(group.run("pwd", { cwd: "~root/app" })).rejects.toThrow(expected);
    expect(() => run.with({ cwd: "~root/app" })).toThrow(expected);
    expect(() => host.with({ cwd: "~root/app" })).toThrow(expected);
    await expect(host.with({ cwd: "/srv" }).run("pwd", { cwd: "~root" })).rejects.toThrow("`~root` is not expanded");
  });

  it("an output mode or input as execa takes them, answered with ours", async () => {
    await expect(run("true", { stdout: "inherit" } as never)).rejects.toThrow(
      'Expected `stdout` to be "print" or "pipe", got `inherit` (string): "print" shows it, each line tagged',
    );
    await expect(run("true", { stderr: "ignore" } as never)).rejects.toThrow(
      'got `ignore` (string): "pipe" keeps it out of sight (in the result), `quiet: true` drops it',
    );
    await expect(run("cat", { input: new ArrayBuffer(2) } as never)).rejects.toThrow(
      "Expected `input` to be a string, a Buffer or a readable stream, got an ArrayBuffer of 2 bytes (not shown: it " +
        "may be a secret): wrap it, Buffer.from(arrayBuffer)",
    );
    // What a command reads may be a password: what a wrong input holds is never shown.
    for (const input of [["S3cret\n"], { password: "S3cret" }, new TextEncoder().encode("S3cret").buffer]) {
      const error = await group.run("sudo -S true", { input } as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).not.toMatch(/S3cret|53 33 63/);
    }
  });

  it("a signal that is no AbortSignal, and env that is no object of names", async () => {
    await expect(run("true", { signal: "stop" } as never)).rejects.toThrow(
      "Expected `signal` to be an AbortSignal, got `stop` (string)",
    );
    for (const env of [["A=1"], null, "A=1"]) {
      await expect(run("true", { env } as never)).rejects.toThrow(/^Expected `env` to be an object of variable names/);
    }
  });

  it("an env name holding a NUL byte, a line break or a space is shown quoted, where it can be seen", async () => {
    const expected = "Expected `env` to be names of letters, digits and `_` (not starting with a digit), got ";
    await expect(run("true", { env: { "A\0": "1" } })).rejects.toThrow(`${expected}\`"A\\u0000"\` (string)`);
    await expect(host.run("true", { env: { "A\n": "1" } })).rejects.toThrow(`${expected}\`"A\\n"\` (string)`);
    await expect(group.run("true", { env: { "A ": "1" } })).rejects.toThrow(`${expected}\`"A "\` (string)`);
    await expect(run("true", { env: { "A=B": "1" } })).rejects.toThrow(`${expected}\`A=B\` (string)`);
  });

  it("takes an AbortSignal of another realm or a polyfill (jsdom's, abort-controller's), and stops on it", async () => {
    // Such a signal is an EventTarget of its own: no instance of Node's AbortSignal, and used the same way.
    class OtherSignal {
      aborted = false;
      readonly #listeners = new Set<() => void>();
      addEventListener(_type: string, listener: () => void) {
        this.#listeners.add(listener);
      }
      removeEventListener(_type: string, listener: () => void) {
        this.#listeners.delete(listener);
      }
      abort() {
        this.aborted = true;
        this.#listeners.forEach((listener) => listener());
      }
    }
    const signal = new OtherSignal();
    const running = run("sleep 30", { signal, echo: false } as never).catch((e: unknown) => e);
    signal.abort();
    expect(await running).toMatchObject({ name: "CommandError", interrupted: true });
    await expect(run("true", { signal } as never)).rejects.toMatchObject({ interrupted: true });
    await expect(run("true", { signal: { aborted: "no" } } as never)).rejects.toThrow(
      'Expected `signal` to be an AbortSignal, got `{"aborted":"no"}` (object)',
    );
  });

  it("takes { ...process.env } as a local run's env, names no shell sets included (an exported function)", async () => {
    // `export -f module` (Lmod's `module` on a cluster) puts `BASH_FUNC_module%%` into every child's environment.
    process.env["BASH_FUNC_module%%"] = "() {  echo loaded\n}";
    try {
      const env = { ...process.env, CC: "clang" } as Record<string, string>;
      const local = await run("module; echo $CC", { env, stdout: "pipe", echo: false });
      expect(local.stdout).toBe("loaded\nclang\n");
      expect(() => run.with({ env })).not.toThrow();
      // A name of the user's own, or another value, is refused as before: a host's shell could not set it.
      const expected = "Expected `env` to be names of letters, digits and `_` (not starting with a digit), got ";
      await expect(run("true", { env: { "A-B": "1" } })).rejects.toThrow(`${expected}\`A-B\``);
      const other = { "BASH_FUNC_module%%": "() {  echo other\n}" };
      await expect(run("true", { env: other })).rejects.toThrow(`${expected}\`BASH_FUNC_module%%\``);
      // A remote command's variables are set by its shell, which takes shell names only.
      await expect(host.run("true", { env })).rejects.toThrow(`${expected}\`BASH_FUNC_module%%\``);
    } finally {
      delete process.env["BASH_FUNC_module%%"];
    }
  });

  it("never shows an env value it refuses, which may be a secret: a Buffer read from a file, a NUL", async () => {
    const key = Buffer.from("S3cret-token");
    await expect(run("true", { env: { TOKEN: key } as never })).rejects.toThrow(
      "Expected `env.TOKEN` to be a string, got a Buffer of 12 bytes (not shown: it may be a secret); give its " +
        "text, e.g. buffer.toString()",
    );
    await expect(host.run("true", { env: { TOKEN: "S3cret\0" } })).rejects.toThrow(
      "Expected `env.TOKEN` to be a string without NUL bytes, got one with a NUL byte at index 6 (not shown: it may " +
        "be a secret)",
    );
    for (const TOKEN of [key, new Uint8Array(key), { token: "S3cret" }, ["S3cret"], "S3cret\0"]) {
      const error = await run("true", { env: { TOKEN } as never }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).not.toMatch(/S3cret|53 33 63/);
    }
    await expect(run("true", { env: { PORT: 8080 } as never })).rejects.toThrow("got `8080` (number)");
  });

  it("env given as a Map (or other entries), which would set no variable, says how to make one", async () => {
    const map = new Map([["A", "1"]]);
    const expected =
      "Expected `env` to be an object of variable names to strings, got `Map(1) { 'A' => '1' }` (object): " +
      "make an object of its entries, Object.fromEntries(env)";
    await expect(run("echo $A", { env: map } as never)).rejects.toThrow(expected);
    await expect(host.run("echo $A", { env: map } as never)).rejects.toThrow(expected);
    await expect(group.run("echo $A", { env: map } as never)).rejects.toThrow(expected);
    expect(() => run.with({ env: map } as never)).toThrow(expected);
    expect(() => host.with({ env: new URLSearchParams("A=1") } as never)).toThrow("Object.fromEntries(env)");
  });

  it("a group's hosts that are no Hosts, a runFunction without a function, and a runFunction check", async () => {
    expect(() => new Group(["web1"] as never)).toThrow(
      "Expected `hosts[0]` to be a Host (from `new Host` or `parseHosts`), got `web1` (string)",
    );
    expect(() => new Group("web1" as never)).toThrow("Expected `hosts` to be an array of Host, got `web1` (string)");
    await expect(group.runFunction("echo hi" as never)).rejects.toThrow("Expected `fn` to be a function of a host");
    await expect(group.runFunction(() => 1, { check: "no" } as never)).rejects.toThrow(
      "Expected `check` to be a boolean",
    );
  });

  it("a group given groups, or host names, says how to make one of them", () => {
    const [a, b] = [new Group([new Host("web1")]), new Group([new Host("web2")])];
    expect(() => new Group(a as never)).toThrow(/^Expected `hosts` to be an array of Host, got `Group \{/);
    expect(() => new Group(a as never)).toThrow(
      /\(object\): a group's hosts are its `hosts` \(new Group\(group.hosts\)\)$/,
    );
    expect(() => new Group([a, b] as never)).toThrow(
      /^Expected `hosts\[0\]` to be a Host .*\(object\): it is a Group; /,
    );
    expect(() => new Group([a, b] as never)).toThrow(
      "join groups by their hosts (new Group([...a.hosts, ...b.hosts]))",
    );
    expect(() => new Group(["web1", "web2"] as never)).toThrow(
      'got `web1` (string): parseHosts makes a group of names (parseHosts("web1,web2"))',
    );
    // Hosts collected in a Set or a Map: an array of them is a spread away.
    const web = new Host("web1");
    expect(() => new Group(new Set([web]) as never)).toThrow(
      /\(object\): make an array of them \(new Group\(\[\.\.\.hosts\]\)\)$/,
    );
    expect(() => new Group(new Map([["web1", web]]).values() as never)).toThrow(/make an array of them/);
    expect(() => new Group(new Map([["web1", web]]) as never)).toThrow(
      /make an array of them \(new Group\(\[\.\.\.map\.values\(\)\]\)\)$/,
    );
    expect(() => new Group("web1" as never)).toThrow(
      /\(string\): parseHosts makes a group of names \(parseHosts\("web1"\)\)$/,
    );
  });

  it("a group's hosts are fixed: its array cannot be changed behind its back", () => {
    expect(() => (group.hosts as Host[]).push(new Host("other"))).toThrow(TypeError);
    expect(group.hosts).toEqual([host]);
  });
});

describe("a group refuses one standard input for all its hosts", () => {
  it("refuses stdin: inherit, saying why and what to do instead", async () => {
    for (const call of [
      // @ts-expect-error refused by the types too, for code that has them
      () => group.run("cat", { stdin: "inherit" }),
      // @ts-expect-error refused by the types too, for code that has them
      () => group.runLocal("cat", { stdin: "inherit" }),
    ])
      await expect(call()).rejects.toThrow(
        /refuses `stdin: "inherit"`: its hosts run at once and would fight over one/,
      );
  });

  it("refuses a web stream as input as it does a Node stream, not advising to convert it first", async () => {
    const web = new ReadableStream({ start: (controller) => controller.close() });
    for (const call of [
      () => group.run("cat", { input: web } as never),
      () => group.runLocal("cat", { input: web } as never),
    ])
      await expect(call()).rejects.toThrow(
        /^group\.run(Local)?\(\) refuses a stream as `input`.*read it into a Buffer/,
      );
  });

  it("refuses a stream as input (read once), and says to read it into a Buffer", async () => {
    // @ts-expect-error refused by the types too, for code that has them
    await expect(group.run("cat", { input: Readable.from(["x"]) })).rejects.toThrow(
      /group.run\(\) refuses a stream as `input`.*read it into a Buffer first/,
    );
  });
});
