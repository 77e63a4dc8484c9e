import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { Group } from "../src/group.ts";
import { Host } from "../src/host.ts";

const results = () =>
  new Group([new Host("web1"), new Host("web2")]).runFunction(
    (host) => {
      if (host.hostname === "web2") throw new Error("disk full");
      return { version: "1.2" };
    },
    { check: false },
  );

describe("HostResult, shown", () => {
  it("as JSON holds the value, or why the host failed (a task's results printed by dk --print or --json)", async () => {
    const [ok, failed] = JSON.parse(JSON.stringify(await results())) as Record<string, unknown>[];
    expect(ok).toMatchObject({ host: { hostname: "web1" }, ok: true, result: { version: "1.2" } });
    expect(failed).toMatchObject({ host: { hostname: "web2" }, ok: false, error: "disk full" });
  });

  it("as JSON shows the host without the run options with() gave it, whose env may hold secrets", async () => {
    const host = new Host("web1", { user: "deploy", port: 2222, meta: { role: "web" } });
    const scoped = host.with({ env: { API_TOKEN: "s3cr3t" }, prefix: "export PASS=hunter2", echo: false });
    const [result] = await new Group([scoped]).runFunction(() => 1);
    const json = JSON.stringify(result);
    expect(json).not.toMatch(/s3cr3t|hunter2|defaults/);
    expect(JSON.parse(json)).toMatchObject({
      host: { hostname: "web1", user: "deploy", port: 2222, commandPrefix: "web1", meta: { role: "web" } },
      ok: true,
      result: 1,
    });
  });

  it("by console.log shows a host, alone or in a result, without its with() options, as JSON does", async () => {
    const host = new Host("web1", { user: "deploy", port: 2222, meta: { role: "web" } });
    const scoped = host.with({ env: { API_TOKEN: "s3cr3t" }, prefix: "export PASS=hunter2", cwd: "/srv" });
    const [result] = await new Group([scoped]).runFunction(() => 1);
    for (const shown of [inspect(scoped), inspect(result, { depth: 5 }), inspect({ hosts: [scoped] }, { depth: 5 })]) {
      expect(shown).not.toMatch(/s3cr3t|hunter2|API_TOKEN|defaults/);
      expect(shown).toMatch(/Host \{[^]*hostname: 'web1',\s+user: 'deploy',\s+port: 2222,[^]*meta: \{ role: 'web' \}/);
    }
    expect(inspect([scoped], { depth: 0 })).toBe("[ [Host] ]");
    // The defaults are still there to read, by name.
    expect(scoped.defaults.env).toEqual({ API_TOKEN: "s3cr3t" });
  });

  it("by console.log holds the value, or the error", async () => {
    const [ok, failed] = await results();
    expect(inspect(ok, { depth: 3 })).toMatch(/^HostResult \{[^]*ok: true,\s+result: \{ version: '1\.2' \}/);
    expect(inspect(failed)).toMatch(/^HostResult \{[^]*ok: false,\s+error: Error: disk full/);
  });
});
