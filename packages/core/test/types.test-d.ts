import { describe, expectTypeOf, it } from "vitest";
import { Readable } from "node:stream";
import { Group, Host, parseHosts, run, type CommandResult, type HostResult, type Runner } from "../src/index.ts";
import type { Encoding, GroupOptions, Output, RemoteRunOptions, RunOptions } from "../src/index.ts";
import type { GroupLocalOptions, GroupRunOptions } from "../src/index.ts";

type Meta = { flakeAttr: string; weight: number };

describe("public types", () => {
  it("keeps meta typed through Group.runFunction", () => {
    const g = new Group([new Host("a", { meta: { flakeAttr: "web", weight: 1 } satisfies Meta })]);
    const results = g.runFunction(async (h) => h.meta.flakeAttr.length);
    expectTypeOf(results).resolves.toEqualTypeOf<HostResult<number, Meta>[]>();
    expectTypeOf<HostResult<number, Meta>["result"]>().toEqualTypeOf<number>();
    expectTypeOf<HostResult<number, Meta>["host"]["meta"]>().toEqualTypeOf<Meta>();
  });

  it("gives a group of hosts whose meta differ the union of their meta, soundly", () => {
    const dc = new Host("a", { meta: { dc: "fra1" } });
    const web = new Host("b", { meta: { role: "web", weight: 2 } });
    const mixed = new Group([dc, web]);
    expectTypeOf(mixed).toEqualTypeOf<Group<{ dc: string } | { role: string; weight: number }>>();
    expectTypeOf(mixed.runFunction((h) => ("dc" in h.meta ? h.meta.dc : h.meta.role))).resolves.toEqualTypeOf<
      HostResult<string, { dc: string } | { role: string; weight: number }>[]
    >();
    // @ts-expect-error not every host has `dc`
    const narrow: Group<{ dc: string }> = new Group([dc, web]);
    void narrow;
    // One meta, none, or the default: as before.
    expectTypeOf(new Group([dc, new Host("c", { meta: { dc: "ams3" } })])).toEqualTypeOf<Group<{ dc: string }>>();
    expectTypeOf(new Group([])).toEqualTypeOf<Group>();
    expectTypeOf(new Group([dc, new Host("d")])).toEqualTypeOf<Group>();
    expectTypeOf(new Group<{ dc?: string }>([dc, new Host("e", { meta: {} })])).toEqualTypeOf<Group<{ dc?: string }>>();
    // A subclass names its meta, as with any generic class.
    class Fleet extends Group<Meta> {
      weights(): number[] {
        return this.hosts.map((h) => h.meta.weight);
      }
    }
    expectTypeOf(new Fleet([new Host("f", { meta: { flakeAttr: "x", weight: 1 } })]).weights()).toEqualTypeOf<
      number[]
    >();
    expectTypeOf(mixed).toExtend<Group<unknown>>();
    // A type guard narrows the group, as Array#filter narrows an array.
    const inDc = mixed.filter((h): h is Host<{ dc: string }> => "dc" in h.meta);
    expectTypeOf(inDc).toEqualTypeOf<Group<{ dc: string }>>();
    expectTypeOf(mixed.filter((h) => h.hostname !== "a")).toEqualTypeOf<typeof mixed>();
  });

  it("types command results", () => {
    const g = parseHosts("a,b");
    expectTypeOf(g.run("true")).resolves.toEqualTypeOf<HostResult<CommandResult, Record<string, unknown>>[]>();
    expectTypeOf(new Host("a").run(["echo", "x"])).resolves.toEqualTypeOf<CommandResult>();
  });

  it("rejects wrong option types at compile time", () => {
    // @ts-expect-error stdout is "print" or "pipe"
    void new Host("a").run("true", { stdout: "inherit" });
    // @ts-expect-error hostKeyCheck has three values
    void new Host("a", { hostKeyCheck: "yes" });
    // @ts-expect-error meta must match the group's Meta
    void new Group<Meta>([new Host("a", { meta: { flakeAttr: 1 } })]);
  });

  it("keeps meta typed through with(), on hosts and groups", () => {
    const host = new Host("a", { meta: { flakeAttr: "web", weight: 1 } satisfies Meta });
    expectTypeOf(host.with({ cwd: "/srv" })).toEqualTypeOf<Host<Meta>>();
    expectTypeOf(host.with({ cwd: "/srv" }).with({ env: { A: "1" } }).meta.flakeAttr).toEqualTypeOf<string>();
    const g = new Group([host]).with({ becomeRoot: true, prefix: "source venv/bin/activate" });
    expectTypeOf(g).toEqualTypeOf<Group<Meta>>();
    expectTypeOf(g.runFunction((h) => h.meta.weight)).resolves.toEqualTypeOf<HostResult<number, Meta>[]>();
  });

  it("types run.with() as another run", () => {
    const inApp = run.with({ cwd: "app" }).with({ env: { A: "1" } });
    expectTypeOf(inApp).toEqualTypeOf<Runner>();
    expectTypeOf(inApp("ls")).resolves.toEqualTypeOf<CommandResult>();
    expectTypeOf(inApp("ls", { encoding: "buffer" })).resolves.toEqualTypeOf<CommandResult<Buffer>>();
  });

  it("takes input as text, bytes or a stream, and stdin only as inherit", () => {
    void run("cat", { input: "x" });
    void run("cat", { input: Buffer.from("x") });
    void new Host("a").run("cat", { input: Readable.from(["x"]) });
    void run("cat", { stdin: "inherit" });
    // @ts-expect-error stdin is "inherit" or not given
    void run("cat", { stdin: "pipe" });
    // @ts-expect-error input is text, bytes or a stream
    void run("cat", { input: 5 });
  });

  it("refuses stdin: inherit and a stream input in group calls, which refuse them at run time", () => {
    const group = new Group([new Host("a")]);
    void group.run("cat", { input: "x", concurrency: 2 });
    void group.runLocal("cat", { input: Buffer.from("x") });
    // @ts-expect-error the hosts run at once: one terminal cannot serve them all
    void group.run("cat", { stdin: "inherit" });
    // @ts-expect-error the hosts run at once: one terminal cannot serve them all
    void group.runLocal("cat", { stdin: "inherit" });
    // @ts-expect-error a stream is read once, and each host needs all of it
    void group.run("cat", { input: Readable.from(["x"]) });
    // @ts-expect-error a stream is read once, and each host needs all of it
    void group.runLocal("cat", { input: Readable.from(["x"]) });
    const each: GroupRunOptions = { input: "x", concurrency: 2 };
    void group.run("cat", each);
    const local: GroupLocalOptions<"buffer"> = { encoding: "buffer" };
    expectTypeOf(group.runLocal("cat", local)).resolves.toEqualTypeOf<HostResult<CommandResult<Buffer>>[]>();
    // A host's own call still takes both.
    void group.hosts[0]!.run("cat", { stdin: "inherit" });
    void group.hosts[0]!.runLocal("cat", { input: Readable.from(["x"]) });
  });

  it("refuses options a call does not take", () => {
    // @ts-expect-error becomeRoot is a remote option
    void run("id", { becomeRoot: true });
    // @ts-expect-error becomeRoot is a remote option
    void run.with({ becomeRoot: true });
    // @ts-expect-error input is per call, not a default
    void new Host("a").with({ input: "x" });
    // @ts-expect-error concurrency belongs to group calls
    void new Group([]).with({ concurrency: 2 });
  });

  it("gives text to a wrapper typed with the plain option types, and refuses a buffer encoding there", async () => {
    const host = new Host("a");
    const sh = async (cmd: string, opts: RemoteRunOptions = {}) => host.run(cmd, { ...opts, stdout: "pipe" });
    expectTypeOf((await sh("id")).stdout).toEqualTypeOf<string>();
    const local = async (cmd: string, opts: RunOptions = {}) => (await run(cmd, { ...opts, stdout: "pipe" })).stdout;
    expectTypeOf(local).returns.resolves.toEqualTypeOf<string>();
    const opts: RunOptions = { stdout: "pipe" };
    expectTypeOf(host.runLocal("id", opts)).resolves.toEqualTypeOf<CommandResult>();
    expectTypeOf(run.with({ cwd: "app" })("id", opts)).resolves.toEqualTypeOf<CommandResult>();
    const each: GroupRunOptions = { concurrency: 2 };
    expectTypeOf(new Group([host]).run("id", each)).resolves.toEqualTypeOf<HostResult<CommandResult>[]>();
    const eachLocal: GroupLocalOptions = { stdout: "pipe", concurrency: 2 };
    expectTypeOf(new Group([host]).runLocal("id", eachLocal)).resolves.toEqualTypeOf<HostResult<CommandResult>[]>();
    // @ts-expect-error a host's options may hold `stdin: "inherit"`, which a group refuses: type them GroupRunOptions
    void new Group([host]).run("id", { concurrency: 2 } as RemoteRunOptions & GroupOptions);
    // @ts-expect-error a plain RunOptions is text: bytes need RunOptions<"buffer">
    void ({ encoding: "buffer" } satisfies RunOptions);
    // @ts-expect-error a plain RemoteRunOptions is text too
    void ({ encoding: "buffer" } satisfies RemoteRunOptions);
  });

  it('gives Buffers for RunOptions<"buffer"> and a literal encoding: "buffer"', () => {
    const bytes: RemoteRunOptions<"buffer"> = { encoding: "buffer" };
    const host = new Host("a");
    expectTypeOf(host.run("id", bytes)).resolves.toEqualTypeOf<CommandResult<Buffer>>();
    expectTypeOf(host.run("id", { encoding: "buffer" })).resolves.toEqualTypeOf<CommandResult<Buffer>>();
    expectTypeOf(host.runLocal("id", bytes)).resolves.toEqualTypeOf<CommandResult<Buffer>>();
    expectTypeOf(run("id", { ...bytes, stdout: "pipe" })).resolves.toEqualTypeOf<CommandResult<Buffer>>();
    const group = new Group([host]);
    const each: GroupRunOptions<"buffer"> = { encoding: "buffer" };
    expectTypeOf(group.run("id", each)).resolves.toEqualTypeOf<HostResult<CommandResult<Buffer>>[]>();
    expectTypeOf(group.runLocal("id", each)).resolves.toEqualTypeOf<HostResult<CommandResult<Buffer>>[]>();
    expectTypeOf(group.run("id", { encoding: "buffer" })).resolves.toEqualTypeOf<HostResult<CommandResult<Buffer>>[]>();
  });

  it("gives Output<E> to a wrapper generic over the encoding", () => {
    const host = new Host("a");
    const sh = <E extends Encoding>(cmd: string, opts: RemoteRunOptions<E>) => host.run(cmd, opts);
    // With a default, a call without an encoding is text, as it is for `run` itself.
    const local = <E extends Encoding = "utf8">(cmd: string, opts: RunOptions<E> = {}) =>
      run(cmd, { ...opts, echo: false });
    function wrapped<E extends Encoding>(remote: RemoteRunOptions<E>, here: RunOptions<E>, each: GroupRunOptions<E>) {
      expectTypeOf(sh("id", remote)).resolves.toEqualTypeOf<CommandResult<Output<E>>>();
      expectTypeOf(new Group([host]).run("id", each)).resolves.toEqualTypeOf<HostResult<CommandResult<Output<E>>>[]>();
      expectTypeOf(local("id", here)).resolves.toEqualTypeOf<CommandResult<Output<E>>>();
    }
    wrapped({ encoding: "buffer" }, { encoding: "buffer" }, { encoding: "buffer" });
    expectTypeOf(sh("id", { encoding: "buffer" })).resolves.toEqualTypeOf<CommandResult<Buffer>>();
    expectTypeOf(local("id")).resolves.toEqualTypeOf<CommandResult>();
    const either: RunOptions<Encoding> = {};
    expectTypeOf(local("id", either)).resolves.toEqualTypeOf<CommandResult<string | Buffer>>();
  });
});
