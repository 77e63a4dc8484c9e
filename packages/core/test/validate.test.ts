import { afterEach, describe, expect, it } from "vitest";
import { Group } from "../src/group.ts";
import { Host } from "../src/host.ts";
import { parseHosts } from "../src/parse-hosts.ts";
import { selectHosts } from "../src/select.ts";
import { setPrinter } from "../src/output/printer.ts";
import { run } from "../src/run.ts";

afterEach(() => void setPrinter(undefined));

describe("bad input to a run", () => {
  it("names the value and its real type: an array is an array, not a string", async () => {
    await expect(run(["echo", 1] as never)).rejects.toThrow(
      'Expected `command` to be a non-empty string or a non-empty array of strings, got `["echo",1]` (array)',
    );
    await expect(run("  ")).rejects.toThrow(
      'Expected `command` to be a non-empty string or array, got `"  "` (string)',
    );
    await expect(run("true", { timeout: "5" as never })).rejects.toThrow(/got `5` \(string\)$/);
    await expect(run("true", { env: { A: null as never } })).rejects.toThrow(
      "Expected `env.A` to be a string, got `null` (null)",
    );
    await expect(run("true", { cwd: { dir: "/" } as never })).rejects.toThrow('got `{"dir":"/"}` (object)');
  });
});

describe("a command given as an array whose program is empty", () => {
  it("is refused before it runs, locally, on a host and on a group, not failed by Node or the shell", async () => {
    const expected =
      'Expected `command` to be an array that starts with the program to run, got `["","x"]` (array): its first ' +
      "element is empty";
    const host = new Host("127.0.0.1", { port: 9, hostKeyCheck: "none" });
    await expect(run(["", "x"])).rejects.toThrow(expected);
    await expect(host.run(["", "x"])).rejects.toThrow(expected);
    await expect(new Group([host]).run(["", "x"])).rejects.toThrow(expected);
    await expect(host.runLocal([""])).rejects.toThrow(
      /^Expected `command` to be an array that starts with the program/,
    );
  });
});

describe("a bad value that JSON cannot show, or shows at length", () => {
  const circular: Record<string, unknown> = { name: "x" };
  circular.self = circular;

  it("still names the option: a circular object or a BigInt is shown as inspect shows it", async () => {
    expect(() => new Group([new Host("a"), circular as never])).toThrow(
      "Expected `hosts[1]` to be a Host (from `new Host` or `parseHosts`), " +
        "got `<ref *1> { name: 'x', self: [Circular *1] }` (object)",
    );
    await expect(run("true", { env: circular as never })).rejects.toThrow(
      /^Expected `env.self` to be a string, got an object \(not shown/,
    );
    await expect(run("true", { cwd: circular as never })).rejects.toThrow(/^Expected `cwd` to be a non-empty path/);
    expect(() => new Host("a", { sshOptions: [1n] as never })).toThrow("got `[ 1n ]` (array)");
    expect(() => parseHosts(circular as never)).toThrow(/^Expected `spec` to be a string/);
    expect(() => selectHosts([new Host("a", { meta: { tags: circular } })], "@web")).toThrow(
      /^Expected `meta.tags` of host `a` to be an array of strings, got `<ref \*1>/,
    );
  });

  it("names an object of a class by its class, which JSON shows as {}", async () => {
    await expect(run("cat", { input: new Blob(["x"]) as never })).rejects.toThrow(
      "got a Blob (not shown: it may be a secret)",
    );
    // The one readable stream a run cannot take says how to make it one it can.
    await expect(run("cat", { input: new ReadableStream() as never })).rejects.toThrow(
      "Expected `input` to be a Node stream, got a web ReadableStream: convert it with Readable.fromWeb(stream)",
    );
  });

  it("cuts a long value: a Group given for its hosts is named without every host in it", () => {
    const fleet = parseHosts(Array.from({ length: 200 }, (_, i) => `web${i}`).join(","));
    const message = (() => {
      try {
        new Group(fleet as never);
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toMatch(
      /^Expected `hosts` to be an array of Host, got `Group \{ hosts: \[ Host \{ hostname: 'web0',/,
    );
    expect(message).toMatch(/…` \(object\): a group's hosts are its `hosts`/);
    expect(message!.length).toBeLessThan(450);
  });
});

describe("a group of no hosts", () => {
  it("runs nothing and says so, once per call", async () => {
    const notices: string[] = [];
    setPrinter({ line: () => undefined, notice: (tag, text) => void notices.push(`${tag}: ${text}`) });
    expect(await new Group([]).run("true")).toEqual([]);
    expect(await new Group([]).runFunction(() => 1)).toEqual([]);
    expect(notices).toEqual([
      "group: no hosts: this group call runs nothing",
      "group: no hosts: this group call runs nothing",
    ]);
  });
});
