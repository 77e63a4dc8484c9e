import { Group, Host, parseHosts, type HostResult } from "@deploykit/core";
import { describe, expectTypeOf, it } from "vitest";
import { deployNixos, type Deployment, type NixosMeta } from "../../src/builtin/deploy-nixos/index.ts";

describe("deployNixos types", () => {
  it("keeps the caller's own meta type through the results", () => {
    type Mine = NixosMeta & { readonly region: string };
    const fleet = new Group<Mine>([new Host("web1", { meta: { flakeAttr: "web1", region: "eu" } })]);
    const results = deployNixos(fleet, { source: "./nixos" });
    expectTypeOf(results).toEqualTypeOf<Promise<HostResult<Deployment, Mine>[]>>();
  });

  it("takes hosts without meta, such as parseHosts gives", () => {
    expectTypeOf(deployNixos).toBeCallableWith(parseHosts("root@a,root@b"), { source: "." });
    expectTypeOf(deployNixos).toBeCallableWith([new Host("a")], { source: ".", action: "boot" });
  });

  it("rejects meta of the wrong type and unknown actions", () => {
    // @ts-expect-error flakeAttr must be a string
    void deployNixos([new Host("a", { meta: { flakeAttr: 1 } })], { source: "." });
    // @ts-expect-error not a nixos-rebuild action
    void deployNixos([new Host("a")], { source: ".", action: "rollback" });
    // @ts-expect-error source is required: a library cannot know where tasks.ts is
    void deployNixos([new Host("a")], {});
  });
});
