import { describe, expectTypeOf, it } from "vitest";
import { Readable } from "node:stream";
import { Group, Host, parseHosts, run, type CommandResult, type HostResult, type Runner } from "../src/index.ts";

type Meta = { flakeAttr: string; weight: number };

describe("public types", () => {
  it("keeps meta typed through Group.runFunction", () => {
    const g = new Group([new Host("a", { meta: { flakeAttr: "web", weight: 1 } satisfies Meta })]);
    const results = g.runFunction(async (h) => h.meta.flakeAttr.length);
    expectTypeOf(results).resolves.toEqualTypeOf<HostResult<number, Meta>[]>();
    expectTypeOf<HostResult<number, Meta>["result"]>().toEqualTypeOf<number>();
    expectTypeOf<HostResult<number, Meta>["host"]["meta"]>().toEqualTypeOf<Meta>();
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
});
