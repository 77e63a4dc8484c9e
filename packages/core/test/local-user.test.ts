import { userInfo } from "node:os";
import { describe, expect, it } from "vitest";
import { localUser } from "../src/ssh/resolve/tokens.ts";

describe("the local user, as ssh sees it", () => {
  it("is the passwd entry of this process's user", () => {
    const info = userInfo();
    expect(localUser()).toEqual({ name: info.username, home: info.homedir, uid: info.uid });
  });

  it("is looked up once per process, not once per host (each lookup reads the passwd database)", () => {
    expect(localUser()).toBe(localUser());
  });
});
