import { describe, expect, it } from "vitest";
import { jumpHost, parsedJump, parseHostEntryLoose } from "../src/ssh/resolve/jump.ts";

describe("ProxyJump values", () => {
  it("parse as user@host:port or an ssh:// URI, an IPv6 address in brackets", () => {
    expect(parseHostEntryLoose("ssh://u@h:2200")).toEqual({ user: "u", hostname: "h", port: 2200 });
    expect(parseHostEntryLoose("[::1]:22")).toEqual({ hostname: "::1", port: 22 });
    expect(parseHostEntryLoose("a@b@c")).toBeUndefined();
  });

  it("%j is the last hop's host name alone", () => {
    expect(jumpHost(undefined)).toBe("");
    expect(jumpHost("a@j1:22,ssh://ju@[::1]:2200")).toBe("::1");
    expect(jumpHost("bastion")).toBe("bastion");
  });

  it("are kept as ssh keeps them: earlier hops as written, the last one parsed and written back", () => {
    expect(parsedJump("ssh://u@127.0.0.1,10.0.0.1:22")).toBe("ssh://u@127.0.0.1,[10.0.0.1]:22");
    expect(parsedJump("ssh://ju@bast:2222")).toBe("ju@bast:2222");
    expect(parsedJump("u@[::1]")).toBe("u@[::1]");
  });
});
