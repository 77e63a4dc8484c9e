// Netns test hosts start with every tool the requirements found, also those found off PATH (in /usr/sbin, /sbin, as
// under sudo keeping a user's PATH).
import { describe, expect, it } from "vitest";
import { collect } from "../src/index.ts";

const asRoot = process.getuid?.() === 0;

describe("netns test hosts started with a PATH without the sbin directories", () => {
  it("drop ICMP with nft all the same", async () => {
    if (!asRoot) throw new Error("netns test hosts need root: run the tests as root, as CI does");
    const source = JSON.stringify(new URL("../src/index.ts", import.meta.url).pathname);
    const script = `const { startNetnsHosts } = await import(${source});
      const fleet = await startNetnsHosts({ hosts: [{ dropIcmp: true }] });
      await fleet.stop();
      console.log("started and stopped");`;
    const env = { ...process.env, PATH: "/usr/local/bin:/usr/bin:/bin" };
    const r = await collect(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { env });
    expect([r.stdout, r.stderr.split("\n")[0]]).toEqual(["started and stopped\n", ""]);
  });
});
