// --canary names one of the hosts being deployed as --hosts may spell it: by hostname, as shown, or as
// `user@host:port`, the default port 22 written out or not, the host name in any case.
import { Host, parseHosts } from "@deploykit/core";
import { describe, expect, it } from "vitest";
import { findCanary } from "../../src/builtin/deploy-nixos/rollout.ts";
import { OptionError } from "../../src/builtin/input.ts";

const hosts = (spec: string) => parseHosts(spec).hosts as readonly Host<unknown>[];

describe("the canary", () => {
  it("is found however the entry spells the host", () => {
    const list = hosts("root@web1,root@web2:22,db1:2222");
    for (const [name, index] of [
      ["web1", 0],
      ["root@web1", 0],
      ["root@web1:22", 0],
      ["web1:22", 0],
      ["WEB1", 0],
      ["root@web2", 1],
      ["web2", 1],
      ["db1:2222", 2],
    ] as const) {
      expect(findCanary(list, name), name).toBe(list[index]);
    }
  });

  it("is refused when no host is it: another port or user, or no host of the list", () => {
    const list = hosts("root@web1,db1:2222");
    for (const name of ["web1:2222", "admin@web1", "db1:22", "web3", "@web"]) {
      const error = (() => {
        try {
          return findCanary(list, name);
        } catch (thrown) {
          return thrown;
        }
      })();
      expect(error, name).toBeInstanceOf(OptionError);
      expect((error as Error).message).toBe(
        `Expected \`canary\` to name one of the hosts being deployed (web1, db1), got \`${name}\``,
      );
    }
  });
});
