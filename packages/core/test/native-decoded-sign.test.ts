import * as crypto from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { useFleet } from "./helpers/fleet.ts";

// Every createPrivateKey of core's own code (ssh2, loaded by require, is not seen here): native's login decodes a key
// file's key once, and signs every login with it from then on.
const decoded = vi.hoisted(() => ({ pems: [] as string[] }));
vi.mock("node:crypto", async (original) => {
  const real = await original<typeof crypto>();
  const createPrivateKey = (key: Parameters<typeof real.createPrivateKey>[0]) => {
    if (typeof key === "string") decoded.pems.push(key);
    return real.createPrivateKey(key);
  };
  return { ...real, createPrivateKey, default: { ...real, createPrivateKey } };
});

const fleet = useFleet({ hosts: 3 });

describe("native's login with a key file", () => {
  it("decodes the key once for every connection that logs in with it", async () => {
    const group = fleet.group({ transport: "native" });
    const closeAll = () => Promise.all(group.hosts.map((host) => host.closeConnection()));
    try {
      const results = await group.run("echo in", { stdout: "pipe", echo: false });
      expect(results.map((result) => result.ok && result.result.stdout)).toEqual(["in\n", "in\n", "in\n"]);
      // Connections closed, and opened again: the same decoded key signs.
      await closeAll();
      expect((await group.run("true", { echo: false })).every((result) => result.ok)).toBe(true);
    } finally {
      await closeAll();
    }
    expect(decoded.pems).toHaveLength(1);
    expect(decoded.pems[0]).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });
});
