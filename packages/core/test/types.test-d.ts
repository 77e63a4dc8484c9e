import { describe, expectTypeOf, it } from "vitest";
import { Group, Host, parseHosts, type CommandResult, type HostResult } from "../src/index.ts";

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
});
