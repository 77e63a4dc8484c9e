// Hosts of one group call that share a tag would share their output lines, live row and summary row while a
// GroupError counts each: the call is refused before any host starts, saying which hosts and what to do.
import { afterEach, describe, expect, it } from "vitest";
import { configure, createRecorder, Group, Host, parseHosts, setPrinter } from "../src/index.ts";

afterEach(() => void configure({ on: undefined }));

// The function a group call runs, counting the hosts it ran on.
function counted() {
  const ran: string[] = [];
  return { ran, fn: (host: Host) => void ran.push(host.commandPrefix) };
}

describe("a group call whose hosts share a tag", () => {
  it("refuses the same host listed twice, before anything runs, whichever call", async () => {
    const { ran, fn } = counted();
    const twice = new Group([new Host("web1"), new Host("web2"), new Host("WEB1", { commandPrefix: "web1" })]);
    await expect(twice.runFunction(fn)).rejects.toThrow(
      new TypeError(
        'group.runFunction(): WEB1 is in the group twice (tag "web1"): the call would run on it twice at once, shown ' +
          "as one; list it once (parseHosts takes an entry given twice once), or give each a commandPrefix of its own",
      ),
    );
    await expect(twice.run("true", { dryRun: true })).rejects.toThrow(/^group\.run\(\): WEB1 is in the group twice/);
    await expect(twice.runLocal("true", { dryRun: true })).rejects.toThrow(/^group\.runLocal\(\): WEB1 is in/);
    // Not "give each host a commandPrefix of its own", which would download from it twice.
    await expect(twice.download("/etc/hostname", "/tmp/never", { dryRun: true })).rejects.toThrow(
      /^group\.download\(\): WEB1 is in the group twice \(tag "web1"\)/,
    );
    expect(ran).toEqual([]);
  });

  it("refuses one host spelled two ways (a name in another case, an IPv6 address written long)", async () => {
    const { ran, fn } = counted();
    for (const [first, second] of [
      ["WEB1", "web1"],
      ["::1", "0:0:0:0:0:0:0:1"],
      ["fe80::1%eth0", "FE80:0::1%eth0"],
    ] as const) {
      const twice = new Group([new Host(first, { user: "root" }), new Host(second, { user: "root" })]);
      const shown = (name: string) => `root@${name.includes(":") ? `[${name}]` : name}`;
      await expect(twice.runFunction(fn)).rejects.toThrow(
        new TypeError(
          `group.runFunction(): ${shown(first)} and ${shown(second)} are one host, spelled two ways: the call would ` +
            "run on it twice at once; list it once (parseHosts takes it once), or give each a commandPrefix of its own",
        ),
      );
      await expect(twice.runLocal("true", { dryRun: true })).rejects.toThrow(/are one host, spelled two ways/);
    }
    expect(ran).toEqual([]);
    // Told apart by their own tags, or by the account or port, they are two runs, as asked.
    await new Group([new Host("web1", { commandPrefix: "a" }), new Host("WEB1", { commandPrefix: "b" })]).runFunction(
      fn,
    );
    await new Group([new Host("Web1", { user: "Admin" }), new Host("web1", { user: "admin" })]).runFunction(fn);
    await new Group([new Host("::1"), new Host("0:0:0:0:0:0:0:1", { port: 2222 })]).runFunction(fn);
    expect(ran).toEqual(["a", "b", "Web1", "web1", "::1", "0:0:0:0:0:0:0:1"]);
  });

  it("refuses two hosts that share a tag, naming both and the option that tells them apart", async () => {
    const { ran, fn } = counted();
    const twins = new Group([new Host("10.0.0.1", { port: 2222 }), new Host("10.0.0.1", { port: 2223 })]);
    await expect(twins.runFunction(fn)).rejects.toThrow(
      new TypeError(
        'group.runFunction(): 10.0.0.1:2222 and 10.0.0.1:2223 share the tag "10.0.0.1", so their output, live rows ' +
          "and summary rows would be one; give each host a commandPrefix of its own (e.g. commandPrefix: " +
          '"10.0.0.1:2223" for the second)',
      ),
    );
    expect(ran).toEqual([]);
  });

  it("runs hosts whose tags differ: their own commandPrefix, or parseHosts' tags for one address", async () => {
    const { ran, fn } = counted();
    const tagged = new Group([
      new Host("10.0.0.1", { port: 2222, commandPrefix: "a" }),
      new Host("10.0.0.1", { port: 2223, commandPrefix: "b" }),
    ]);
    await tagged.runFunction(fn);
    await parseHosts("10.0.0.1:2222,10.0.0.1:2223,web1,web1").runFunction(fn);
    expect(ran).toEqual(["a", "b", "10.0.0.1:2222", "10.0.0.1:2223", "web1"]);
  });

  it("checks the hosts the process-wide selection leaves: one of two twins runs alone", async () => {
    const { ran, fn } = counted();
    const twins = new Group([
      new Host("10.0.0.1", { port: 2222, meta: { tags: ["old"] } }),
      new Host("10.0.0.1", { port: 2223, meta: { tags: ["new"] } }),
    ]);
    configure({ on: "@new" });
    await twins.runFunction(fn);
    expect(ran).toEqual(["10.0.0.1"]);
  });

  it("leaves the live view and the summary nothing to merge: no host was announced", async () => {
    const recorder = createRecorder({ line: () => undefined, notice: () => undefined });
    const previous = setPrinter(recorder);
    try {
      await new Group([new Host("web1"), new Host("web1")]).runFunction(() => 1).catch(() => undefined);
    } finally {
      setPrinter(previous);
    }
    expect(recorder.hosts()).toEqual([]);
  });
});
