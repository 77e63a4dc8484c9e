import { configure, Host, parseHosts, setPrinter, setSudoPassword } from "@deploykit/core";
import { afterEach, describe, expect, it } from "vitest";
import { reboot, rebootTask } from "../../src/builtin/reboot/index.ts";
import { capture, rejection } from "./helpers.ts";

// Nothing here reaches a host: bad input is rejected before any probe, and a dry run touches nothing.
const host = () => new Host("127.0.0.1", { port: 1 });

describe("reboot rejects bad input before touching any host", () => {
  it.each([
    ["timeout", 0],
    ["timeout", -5],
    ["timeout", Number.NaN],
    ["timeout", Infinity],
    ["timeout", "600"],
    ["timeout", 600_000],
    ["probeInterval", 0],
    ["probeTimeout", -1],
    ["connectTimeout", 0.5],
    ["limit", 0],
    ["limit", 1.5],
    ["command", " "],
    ["tty", "yes"],
  ])("%s = %j", async (name, value) => {
    const error = await rejection(reboot([host()], { [name]: value, output: capture() }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(new RegExp(`^Expected \`${name}\` to be .+, got \`.*\` \\(\\w+\\)$`));
  });

  it("says a timeout in milliseconds is one in seconds", async () => {
    const error = await rejection(reboot([host()], { timeout: 600_000 }));
    expect(error.message).toBe(
      "Expected `timeout` to be a number of seconds from 1 to 86400 (seconds, not milliseconds), got `600000` (number)",
    );
  });

  it("needs at least one host, each once", async () => {
    for (const hosts of [[], parseHosts(""), parseHosts(" , ")]) {
      expect((await rejection(reboot(hosts))).message).toBe(
        "Expected `hosts` to hold at least one host, got none: nothing to reboot",
      );
    }
    const root = () => new Host("a", { user: "root" });
    const twice = await rejection(reboot([root(), new Host("b", { port: 22 }), root()]));
    expect(twice.message).toBe("Expected each host once, got `root@a` twice: it would be rebooted twice at once");
    // A host list names a host twice only by mistake: parseHosts takes it once.
    expect(parseHosts("root@a,b:22,root@a").hosts.map(String)).toEqual(["root@a", "b:22"]);
    const notHosts = await rejection(reboot("a,b" as never));
    expect(notHosts).toBeInstanceOf(TypeError);
    expect(notHosts.message).toMatch(/^Expected `hosts` to be a Group or an array of Host/);
  });

  it("as the dk task: no hosts, a bad entry, a bad timeout", async () => {
    expect((await rejection(rebootTask({ hosts: "" }))).message).toMatch(/at least one host, got none/);
    expect((await rejection(rebootTask({ hosts: "root@@web1" }))).message).toMatch(
      /^Invalid host entry `root@@web1`: more than one `@`/,
    );
    expect((await rejection(rebootTask({ hosts: "web1", timeout: -1 }))).message).toMatch(
      /^Expected `timeout` to be a number of seconds/,
    );
  });
});

describe("dry run", () => {
  afterEach(() => void configure({ dryRun: false }));

  it("says what it would do and touches nothing (under dk --dry-run: core's dryRun setting)", async () => {
    configure({ dryRun: true });
    const output = capture();
    const results = await reboot([new Host("127.0.0.1", { port: 1, user: "root" })], { timeout: 30, output });
    expect(results[0]!.result).toMatchObject({ dryRun: true, bootIdBefore: "", bootIdAfter: "" });
    expect(output.text()).toBe("[127.0.0.1] would run `reboot` and wait up to 30 s for a new boot id (dry run)\n");
  });

  it("shows the command as it would run: through sudo for a login user other than root", async () => {
    const output = capture();
    const hosts = [
      new Host("127.0.0.1", { port: 1, user: "alice" }),
      // No user given: the one ssh's config names.
      new Host("127.0.0.2", { port: 1, sshOptions: ["-F", "/dev/null", "-o", "User=deploy"] }),
      new Host("127.0.0.3", { port: 1, sshOptions: ["-F", "/dev/null", "-o", "User=root"] }),
    ];
    await reboot(hosts, { timeout: 30, output, command: "systemctl reboot", dryRun: true });
    const wait = "and wait up to 30 s for a new boot id (dry run)";
    expect(output.text()).toBe(
      `[127.0.0.1] would run \`systemctl reboot\` through sudo (logged in as alice) ${wait}\n` +
        `[127.0.0.2] would run \`systemctl reboot\` through sudo (logged in as deploy) ${wait}\n` +
        `[127.0.0.3] would run \`systemctl reboot\` ${wait}\n`,
    );
  });

  // The real run uses `sudo -n`, or `sudo -S` given a password (dk --ask-sudo-password): the dry run claims neither.
  it("names no sudo flag the real run would not use: with a sudo password given, it is not `sudo -n`", async () => {
    const output = capture();
    setSudoPassword("secret");
    try {
      await reboot([new Host("127.0.0.1", { port: 1, user: "alice" })], { output, dryRun: true });
    } finally {
      setSudoPassword(undefined);
    }
    expect(output.text()).toBe(
      "[127.0.0.1] would run `reboot` through sudo (logged in as alice) and wait up to 600 s for a new boot id" +
        " (dry run)\n",
    );
  });
});

describe("reboot's default limit", () => {
  afterEach(() => void configure({ concurrency: Infinity }));

  // The order hosts start and end in: two local addresses where nothing listens fail right after their first check.
  async function order(limit?: number): Promise<string[]> {
    const output = capture();
    const hosts = ["127.0.0.1", "127.0.0.2"].map((name) => new Host(name, { port: 1, hostKeyCheck: "none" }));
    await rejection(reboot(hosts, { output, connectTimeout: 1, ...(limit === undefined ? {} : { limit }) }));
    return output
      .text()
      .split("\n")
      .filter((line) => /\] (checking|failed)/.test(line))
      .map((line) => line.replace(/ after .*/, ""));
  }

  it("follows dk --limit (core's concurrency setting) unless given, like every group call", async () => {
    configure({ concurrency: 1 });
    expect(await order()).toEqual([
      "[127.0.0.1] checking",
      "[127.0.0.1] failed",
      "[127.0.0.2] checking",
      "[127.0.0.2] failed",
    ]);
    expect((await order(2)).slice(0, 2)).toEqual(["[127.0.0.1] checking", "[127.0.0.2] checking"]);
  });
});

describe("reboot's live view under dk's", () => {
  afterEach(() => void setPrinter(undefined));

  it("keeps the process printer (dk's view) from drawing over it, and tells it the hosts are summed up", async () => {
    const events: string[] = [];
    setPrinter({
      line: () => undefined,
      notice: () => {},
      plan: (tags) => void events.push(`plan ${tags.join()}`),
      summarized: (tags) => void events.push(`summarized ${tags.join()}`),
    });
    await rejection(
      reboot([new Host("127.0.0.1", { port: 1, hostKeyCheck: "none" })], { output: capture(true), connectTimeout: 1 }),
    );
    expect(events).toEqual(["summarized 127.0.0.1"]);
  });
});
