// A Host copied with its options spread (`new Host(name, { ...host, … })`) is tagged for where it goes.
import { describe, expect, it } from "vitest";
import { Group } from "../src/group.ts";
import { Host } from "../src/host.ts";
import { parseHosts } from "../src/parse-hosts.ts";

describe("the tag of a copied host", () => {
  it("names the copy's own name, port and user where its source's tag named the source's", () => {
    const [web, twin, admin, , v6] = parseHosts("web1:2222,web1:2223,admin@db1,deploy@db1,[::1]:2,[::1]:3").hosts;
    expect([web, twin, admin, v6].map((h) => h!.commandPrefix)).toEqual([
      "web1:2222",
      "web1:2223",
      "admin@db1",
      "[::1]:2",
    ]);
    expect(new Host("web2", { ...web! }).commandPrefix).toBe("web2:2222");
    expect(new Host("web1", { ...web!, port: 2224 }).commandPrefix).toBe("web1:2224");
    expect(new Host("web1", { ...web!, port: undefined }).commandPrefix).toBe("web1");
    expect(new Host("db1", { ...admin!, user: "root" }).commandPrefix).toBe("root@db1");
    expect(new Host("::2", { ...v6! }).commandPrefix).toBe("[::2]:2");
    // Unchanged, a copy keeps its source's tag, and stays apart from its twin.
    const same = new Host(web!.hostname, { ...web!, meta: { role: "db" } });
    expect(same.commandPrefix).toBe("web1:2222");
    expect(new Group([same, twin!]).hosts.map((h) => h.commandPrefix)).toEqual(["web1:2222", "web1:2223"]);
  });

  it("keeps a tag of the user's own", () => {
    const front = new Host("web1", { port: 2222, commandPrefix: "front" });
    expect(new Host("web2", { ...front, port: 2 }).commandPrefix).toBe("front");
    const [web] = parseHosts("web1:2222,web1:2223").hosts;
    expect(new Host("web2", { ...web!, commandPrefix: "second" }).commandPrefix).toBe("second");
  });

  it("keeps the tag given with a `hostname` that is no name (not a spread Host)", () => {
    for (const hostname of [5, null, {}])
      expect(new Host("b", { hostname, commandPrefix: "x" } as never).commandPrefix).toBe("x");
  });

  it("lets a copy to another port run beside its source in one group", async () => {
    const [web] = parseHosts("web1:2222,web1:2223").hosts;
    const group = new Group([web!, new Host("web1", { ...web!, port: 2224 })]);
    const results = await group.runFunction((host) => host.commandPrefix);
    expect(results.map((r) => r.result)).toEqual(["web1:2222", "web1:2224"]);
  });
});
